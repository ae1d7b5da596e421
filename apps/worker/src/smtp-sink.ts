import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One message as the sink received it; headers are unfolded and RFC 2047 words decoded. */
export interface ReceivedMail {
  from: string | null;
  to: string[];
  subject: string;
  messageId: string | null;
  text: string;
  headers: Record<string, string>;
  raw: string;
}

export interface SmtpSink {
  port: number;
  close(): Promise<void>;
}

/**
 * A local SMTP server that accepts every message without auth or TLS, for development and tests.
 * `port: 0` picks a free port; the bound port is returned.
 */
export async function startSmtpSink(opts: {
  port: number;
  host?: string;
  onMail: (mail: ReceivedMail) => void | Promise<void>;
  /** a connection that failed mid-transaction (nothing was accepted from it) */
  onConnectionError?: (err: Error) => void;
}): Promise<SmtpSink> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (err) => callback(err));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const mail = parseMail(
          raw,
          session.envelope.rcptTo.map((r) => r.address),
          envelopeFrom(session.envelope),
        );
        Promise.resolve(opts.onMail(mail)).then(
          () => callback(),
          (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
        );
      });
    },
  });
  // A client that goes away inside a mail transaction (a worker killed while sending) surfaces as a connection error
  // (ECONNRESET) on the server: that message was not accepted and its sender retries. Without a listener the error
  // would be thrown in the process hosting the sink (the launcher, a test).
  server.on('error', (err: Error) => opts.onConnectionError?.(err));
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(opts.port, host, () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function envelopeFrom(envelope: { mailFrom: false | { address: string } }): string | null {
  return envelope.mailFrom ? envelope.mailFrom.address : null;
}

export function parseMail(raw: string, rcptTo: string[], from: string | null): ReceivedMail {
  const split = raw.search(/\r?\n\r?\n/);
  const headPart = split < 0 ? raw : raw.slice(0, split);
  const bodyPart = split < 0 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of headPart.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const idx = line.indexOf(':');
    if (idx > 0) headers[line.slice(0, idx).trim().toLowerCase()] = line.slice(idx + 1).trim();
  }
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  return {
    from,
    to: rcptTo,
    subject: decodeWords(headers['subject'] ?? ''),
    messageId: headers['message-id'] ?? null,
    text: decodeBody(bodyPart, encoding),
    headers,
    raw,
  };
}

function decodeBody(body: string, encoding: string): string {
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body.replace(/=\r?\n/g, ''));
  return body;
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(text[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** RFC 2047 encoded words (=?UTF-8?B?…?= / =?UTF-8?Q?…?=); whitespace between adjacent words is dropped. */
function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _charset: string, enc: string, data: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
}

// Standalone dev sink: `node dist/apps/worker/src/smtp-sink.js [port]` prints each received mail as one JSON line.
if (require.main === module) {
  const port = Number(process.argv[2] ?? 2525);
  startSmtpSink({
    port,
    onMail: (m) => {
      process.stdout.write(
        `${JSON.stringify({ to: m.to, subject: m.subject, messageId: m.messageId, text: m.text })}\n`,
      );
    },
  }).then(
    (sink) => process.stderr.write(`smtp sink listening on 127.0.0.1:${sink.port}\n`),
    (err: unknown) => {
      process.stderr.write(`smtp sink failed: ${String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
