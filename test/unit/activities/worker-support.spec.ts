import { Writable } from 'node:stream';
import pino from 'pino';
import { PinoTemporalLogger } from '../../../apps/worker/src';
import { parseMail } from '../../../apps/worker/src/smtp-sink';
import { toMessageIdHeader } from '../../../activities';

describe('PinoTemporalLogger', () => {
  it('writes Temporal log records as pino JSON with the mapped level and metadata', () => {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
        done();
      },
    });
    const logger = new PinoTemporalLogger(pino({ level: 'debug' }, stream));
    logger.warn('activity failed', { activityType: 'openTask', attempt: 2 });
    logger.log('ERROR', 'worker crashed');
    logger.trace('below the threshold');
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, msg: 'activity failed', activityType: 'openTask', attempt: 2 }),
      expect.objectContaining({ level: 50, msg: 'worker crashed' }),
    ]);
  });
});

describe('smtp sink parser', () => {
  it('unfolds headers and decodes RFC 2047 subjects and quoted-printable bodies', () => {
    const raw = [
      'From: a@example.test',
      `Message-ID: ${toMessageIdHeader('notification-7')}`,
      'Subject: =?UTF-8?B?5b6F5Yqe?=',
      ' =?UTF-8?Q?_task?=',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      '=E6=82=A8=E5=A5=BD =',
      'world',
    ].join('\r\n');
    const mail = parseMail(raw, ['b@example.test'], 'a@example.test');
    expect(mail.subject).toBe('待办 task');
    expect(mail.messageId).toBe('<notification-7@branchflow>');
    expect(mail.text).toBe('您好 world');
    expect(mail.to).toEqual(['b@example.test']);
  });
});
