import { connect, type Socket } from 'node:net';
import { createTransport } from 'nodemailer';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../../../apps/worker/src/smtp-sink';

/** Speaks SMTP line by line on a raw socket, waiting for the server's reply to each line. */
async function talk(socket: Socket, lines: string[]): Promise<void> {
  let replies = 0;
  socket.on('data', (chunk: Buffer) => (replies += chunk.toString('utf8').split('\r\n').filter(Boolean).length));
  const until = async (n: number) => {
    const deadline = Date.now() + 5_000;
    while (replies < n) {
      if (Date.now() > deadline) throw new Error(`SMTP reply ${n} did not come (${replies} so far)`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  await until(1); // greeting
  for (const [i, line] of lines.entries()) {
    socket.write(`${line}\r\n`);
    await until(i + 2);
  }
}

describe('SMTP sink (development and tests)', () => {
  let sink: SmtpSink;
  const mails: ReceivedMail[] = [];
  const connectionErrors: Error[] = [];

  beforeAll(async () => {
    sink = await startSmtpSink({
      port: 0,
      onMail: (m) => void mails.push(m),
      onConnectionError: (err) => void connectionErrors.push(err),
    });
  });
  afterAll(() => sink.close());

  it('survives a sender that dies inside a mail transaction, and keeps accepting mail', async () => {
    const socket = connect(sink.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    await talk(socket, ['HELO worker', 'MAIL FROM:<a@example.gov.cn>', 'RCPT TO:<b@example.gov.cn>', 'DATA']);
    await new Promise<void>((resolve) =>
      socket.write('Subject: half\r\n\r\nthe worker was killed here', () => resolve()),
    );
    await new Promise((r) => setTimeout(r, 100)); // the server has read the partial message
    socket.resetAndDestroy(); // RST, as a killed process leaves it
    const deadline = Date.now() + 5_000;
    while (connectionErrors.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(connectionErrors.map((e) => (e as NodeJS.ErrnoException).code)).toContain('ECONNRESET');
    expect(mails).toHaveLength(0);

    const transport = createTransport({ host: '127.0.0.1', port: sink.port, secure: false, ignoreTLS: true });
    await transport.sendMail({ from: 'a@example.gov.cn', to: 'b@example.gov.cn', subject: '重发', text: '完整' });
    expect(mails.map((m) => m.subject)).toEqual(['重发']);
  });
});
