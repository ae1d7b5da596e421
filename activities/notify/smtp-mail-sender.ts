import nodemailer from 'nodemailer';
import type { MailMessage, MailSender } from './mail-sender';

/** Domain part of generated Message-IDs (`<outbox-row-id@branchflow>`). */
const MESSAGE_ID_DOMAIN = 'branchflow';

export function toMessageIdHeader(id: string): string {
  return `<${id}@${MESSAGE_ID_DOMAIN}>`;
}

/** nodemailer-backed sender, e.g. `smtp://user:pass@host:587` or `smtp://127.0.0.1:2525`. */
export function createSmtpMailSender(opts: { smtpUrl: string; from: string }): MailSender & { close(): void } {
  const transport = nodemailer.createTransport(opts.smtpUrl);
  return {
    async send(msg: MailMessage): Promise<void> {
      await transport.sendMail({
        from: opts.from,
        to: msg.to,
        subject: msg.subject,
        text: msg.text,
        messageId: toMessageIdHeader(msg.messageId),
        ...(msg.ical ? { icalEvent: { method: 'REQUEST', filename: 'invite.ics', content: msg.ical } } : {}),
      });
    },
    close: () => transport.close(),
  };
}
