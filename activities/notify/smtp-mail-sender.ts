import { hostname } from 'node:os';
import nodemailer from 'nodemailer';
import type { MailMessage, MailSender } from './mail-sender';

/** Domain part of generated Message-IDs (`<outbox-row-id@branchflow>`). */
const MESSAGE_ID_DOMAIN = 'branchflow';

export function toMessageIdHeader(id: string): string {
  return `<${id}@${MESSAGE_ID_DOMAIN}>`;
}

/**
 * Names the process that sent a message (`host/pid`): a message received twice shows whether its first sender died
 * between the server's acceptance and the outbox commit (the one window no SMTP client can close) or lived on.
 */
export const SENDER_HEADER = 'X-Branchflow-Sender';

/** nodemailer-backed sender, e.g. `smtp://user:pass@host:587` or `smtp://127.0.0.1:2525`. */
export function createSmtpMailSender(opts: { smtpUrl: string; from: string }): MailSender & { close(): void } {
  const transport = nodemailer.createTransport(opts.smtpUrl);
  const sender = `${hostname()}/${process.pid}`;
  return {
    async send(msg: MailMessage): Promise<void> {
      await transport.sendMail({
        from: opts.from,
        to: msg.to,
        subject: msg.subject,
        text: msg.text,
        messageId: toMessageIdHeader(msg.messageId),
        headers: { [SENDER_HEADER]: sender },
        ...(msg.ical ? { icalEvent: { method: 'REQUEST', filename: 'invite.ics', content: msg.ical } } : {}),
      });
    },
    close: () => transport.close(),
  };
}
