import { eq } from 'drizzle-orm';
import { createActivities } from '../../../activities';
import type { Activities, MailSender } from '../../../activities';
import { createSmtpMailSender } from '../../../activities/notify/smtp-mail-sender';
import { notifications, openTestDatabase } from '../../../libs/db';
import type { TestDatabase } from '../../../libs/db';
import { makeTask, seedRegistry, startCollectingSink } from './activities.fixture';

jest.setTimeout(60_000);

describe('notification outbox with a real SMTP server', () => {
  let database: TestDatabase;
  let sink: Awaited<ReturnType<typeof startCollectingSink>>;
  let mailer: ReturnType<typeof createSmtpMailSender>;
  let activities: Activities;

  beforeAll(async () => {
    sink = await startCollectingSink();
    mailer = createSmtpMailSender({ smtpUrl: sink.url, from: 'branchflow@example.test' });
  });
  afterAll(async () => {
    mailer.close();
    await sink.close();
  });
  beforeEach(async () => {
    sink.mails.length = 0;
    database = await openTestDatabase('pglite');
    await seedRegistry(database.db);
    activities = createActivities({
      database,
      mailer,
      mailFrom: 'branchflow@example.test',
      webBaseUrl: 'https://branchflow.example.test/',
    });
  });
  afterEach(async () => {
    await database.drop();
  });

  const rowsFor = (taskId: string) =>
    database.db.select().from(notifications).where(eq(notifications.taskId, taskId)).orderBy(notifications.id);

  it('openTask mails every approver of the assigned body plus named assignees, once each, with the row id as Message-ID', async () => {
    await activities.openTask({
      task: makeTask({ assigneeUserIds: ['u-named'] }),
      orgPath: ['org-b1', 'org-oc', 'org-wc'],
      caseTitle: '成立第二党支部',
    });

    expect(
      sink.mails
        .map((m) => m.to)
        .flat()
        .sort(),
    ).toEqual(['appr-oc@example.test', 'named@example.test']);
    const mail = sink.mails.find((m) => m.to.includes('appr-oc@example.test'))!;
    expect(mail.subject).toContain('审批成立请示');
    expect(mail.subject).toContain('Approve the establishment request');
    expect(mail.text).toContain('https://branchflow.example.test/tasks/task-1');
    expect(mail.text).toContain('成立第二党支部');

    const rows = await rowsFor('task-1');
    const email = rows.find((r) => r.channel === 'email' && r.userId === 'u-appr-oc')!;
    expect(email.status).toBe('sent');
    expect(email.dedupeKey).toBe('task:task-1:open:u-appr-oc:email');
    expect(mail.messageId).toBe(`<notification-${email.id}@branchflow>`);
    expect(
      rows
        .filter((r) => r.channel === 'inApp')
        .map((r) => r.userId)
        .sort(),
    ).toEqual(['u-appr-oc', 'u-named']);
  });

  it('a retried openTask delivers exactly one email and one in-app row per user', async () => {
    const input = { task: makeTask(), orgPath: ['org-b1', 'org-oc', 'org-wc'], caseTitle: '成立第二党支部' };
    await activities.openTask(input);
    await activities.openTask(input);

    expect(sink.mails).toHaveLength(1);
    expect(sink.mails[0]!.to).toEqual(['appr-oc@example.test']);
    const rows = await rowsFor('task-1');
    expect(rows.map((r) => `${r.userId}/${r.channel}`).sort()).toEqual(['u-appr-oc/email', 'u-appr-oc/inApp']);
  });

  it('input tasks go to submitters of the assigned body, not approvers', async () => {
    await activities.openTask({
      task: makeTask({
        taskId: 'task-in',
        kind: 'input',
        assignedBodyId: 'org-b1',
        title: '补充材料',
        titleEn: 'Supply documents',
      }),
      orgPath: ['org-b1', 'org-oc', 'org-wc'],
      caseTitle: '成立第二党支部',
    });
    expect(sink.mails.flatMap((m) => m.to)).toEqual(['sub-b1@example.test']);
  });

  it('without a mailer email rows stay pending and are sent exactly once when a mailer is available', async () => {
    const noMail = createActivities({ database, mailer: null, mailFrom: 'x@example.test', webBaseUrl: 'http://web' });
    const input = { task: makeTask(), orgPath: ['org-b1', 'org-oc', 'org-wc'], caseTitle: '成立第二党支部' };
    await noMail.openTask(input);
    expect(sink.mails).toHaveLength(0);
    expect((await rowsFor('task-1')).find((r) => r.channel === 'email')!.status).toBe('pending');

    await activities.openTask(input);
    await activities.openTask(input);
    expect(sink.mails).toHaveLength(1);
    expect((await rowsFor('task-1')).find((r) => r.channel === 'email')!.status).toBe('sent');
  });

  it('a failed send marks the row failed and throws (retryable); the retry sends only what did not go out', async () => {
    const sent: string[] = [];
    let failFor: string | null = 'named@example.test';
    const flaky: MailSender = {
      async send(msg) {
        if (msg.to === failFor) throw new Error('451 try again later');
        sent.push(msg.to);
      },
    };
    const acts = createActivities({ database, mailer: flaky, mailFrom: 'x@example.test', webBaseUrl: 'http://web' });
    const input = {
      task: makeTask({ assigneeUserIds: ['u-named'] }),
      orgPath: ['org-b1', 'org-oc', 'org-wc'],
      caseTitle: '成立第二党支部',
    };
    await expect(acts.openTask(input)).rejects.toThrow(/451 try again later/);
    const failed = (await rowsFor('task-1')).find((r) => r.emailTo === 'named@example.test')!;
    expect(failed.status).toBe('failed');
    expect(failed.attempts).toBe(1);

    failFor = null;
    await acts.openTask(input);
    expect(sent.sort()).toEqual(['appr-oc@example.test', 'named@example.test']);
    const rows = await rowsFor('task-1');
    expect(rows.filter((r) => r.channel === 'email').every((r) => r.status === 'sent')).toBe(true);
  });

  it('notifyUsers dedupes on the caller key per user and channel', async () => {
    const input = {
      dedupeKey: 'case-1:approved',
      userIds: ['u-sub-b1', 'u-sub-b1', 'u-admin-oc'],
      subject: '请示已批复 / Request approved',
      body: '您的请示已获批复。\nYour request was approved.',
      caseId: 'case-1',
      taskId: null,
    };
    await activities.notifyUsers(input);
    await activities.notifyUsers(input);
    expect(sink.mails.flatMap((m) => m.to).sort()).toEqual(['admin-oc@example.test', 'sub-b1@example.test']);
    expect(sink.mails[0]!.subject).toBe('请示已批复 / Request approved');
    const rows = await database.db.select().from(notifications).where(eq(notifications.caseId, 'case-1'));
    expect(rows.map((r) => r.dedupeKey).sort()).toEqual([
      'case-1:approved:u-admin-oc:email',
      'case-1:approved:u-admin-oc:inApp',
      'case-1:approved:u-sub-b1:email',
      'case-1:approved:u-sub-b1:inApp',
    ]);
  });
});
