import { deliverPendingEmails, enqueue } from '../../../activities/notify/outbox';
import type { MailMessage, MailSender } from '../../../activities/notify/mail-sender';
import { icalInvitation } from '../../../activities/orglife/icalendar';
import { openDatabase, type Database } from '../../../libs/db';

describe('organizational life notices: the iCalendar invitation (RULES §F)', () => {
  it('is one all-day VEVENT with escaped text and lines folded at 75 octets', () => {
    const ics = icalInvitation({
      uid: 'org-x.generalMeeting.2027.1@branchflow',
      date: '2027-02-20',
      summary: '支部党员大会 — 中共财政厅预算处支部委员会, 第一季度; 学习',
      description: '支部党员大会 / Branch general meeting',
      stamp: '2027-02-17T00:00:00.000Z',
    });
    const lines = ics.split('\r\n');
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toContain('METHOD:REQUEST');
    expect(lines).toContain('DTSTART;VALUE=DATE:20270220');
    expect(lines).toContain('DTEND;VALUE=DATE:20270221');
    expect(lines).toContain('DTSTAMP:20270217T000000Z');
    expect(lines.every((l) => Buffer.byteLength(l, 'utf8') <= 75)).toBe(true);
    const unfolded = ics.replace(/\r\n /g, '');
    expect(unfolded).toContain('SUMMARY:支部党员大会 — 中共财政厅预算处支部委员会\\, 第一季度\\; 学习');
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });

  describe('through the outbox', () => {
    let database: Database;
    beforeAll(async () => {
      database = await openDatabase({ pgliteDir: 'memory://' });
    });
    afterAll(async () => {
      await database.close();
    });

    it('goes with the email only, and reaches the mail sender', async () => {
      const sent: MailMessage[] = [];
      const mailer: MailSender = { send: async (m) => void sent.push(m) };
      const ical = icalInvitation({
        uid: 'u@b',
        date: '2027-02-20',
        summary: 's',
        description: 'd',
        stamp: '2027-02-17T00:00:00Z',
      });
      const { keys } = await enqueue(
        { db: database.db, mailer },
        [{ userId: 'u-1', email: 'u1@example.test' }],
        { subject: 'notice', body: 'body', caseId: null, taskId: null, ical },
        (u, c) => `ical-test:${u}:${c}`,
      );
      await deliverPendingEmails({ db: database.db, mailer }, keys);
      expect(sent).toHaveLength(1);
      expect(sent[0].ical).toBe(ical);
    });
  });
});
