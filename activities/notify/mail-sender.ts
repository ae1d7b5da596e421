/** Outgoing mail port; `messageId` is the outbox row id so a receiver can dedupe a resend. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  messageId: string;
  /** iCalendar (text/calendar; method REQUEST) invitation, when the message announces a meeting */
  ical?: string;
}

export interface MailSender {
  send(msg: MailMessage): Promise<void>;
}
