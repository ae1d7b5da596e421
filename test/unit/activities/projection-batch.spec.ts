import { eq } from 'drizzle-orm';
import { createActivities, type Activities } from '../../../activities';
import type { ProjectionBatch } from '../../../activities/projection/projection.activities';
import { AuditRepository, auditEvents, caseSummaries, openTestDatabase, type TestDatabase } from '../../../libs/db';

jest.setTimeout(60_000);

const caseId = 'admission:org-b1:p-9';
const audit = (n: number) => ({
  dedupeKey: `${caseId}:t${n}:decided`,
  caseId,
  procedure: 'admission',
  orgId: 'org-b1',
  step: 'E2',
  event: 'decided',
  actorId: 'u-1',
  outcome: 'approve',
  comment: null,
  detail: null,
  at: '2026-11-02T00:00:00.000Z',
});
const summary = {
  caseId,
  procedure: 'admission',
  orgId: 'org-b1',
  orgPath: ['org-b1', 'org-wc'],
  title: '发展党员：丙',
  status: 'active',
  stage: 'E3',
  submittedBy: 'u-1',
  submittedAt: '2026-11-01T00:00:00.000Z',
  pendingBodyIds: ['org-b1'],
  dueAt: null,
  closedAt: null,
  at: '2026-11-02T00:00:00.000Z',
};

// Issue 12: a step's projections are written in one transaction (one commit instead of one per statement); the
// same transaction makes a batch all or nothing, so a retried batch never starts from half of itself.
describe.each(['pglite', 'postgres'] as const)('projection batch on %s', (lane) => {
  let database: TestDatabase;
  let activities: Activities;

  beforeAll(async () => {
    database = await openTestDatabase(lane);
    activities = createActivities({
      database,
      mailer: { send: async () => undefined },
      mailFrom: 'x@example.test',
      webBaseUrl: 'http://web',
    });
  });
  afterAll(() => database.drop());

  const rows = async () => ({
    audit: await database.db.select().from(auditEvents).where(eq(auditEvents.caseId, caseId)),
    summary: await database.db.select().from(caseSummaries).where(eq(caseSummaries.caseId, caseId)),
  });

  it('leaves nothing of a batch whose last part fails, and applies it whole on the retry', async () => {
    const broken: ProjectionBatch = {
      closeTasks: [],
      openTasks: [],
      audit: [audit(1), audit(2)],
      summary: { ...summary, at: 'not an instant' },
    };
    await expect(activities.applyProjections(broken)).rejects.toThrow();
    expect(await rows()).toEqual({ audit: [], summary: [] });

    await activities.applyProjections({ ...broken, summary });
    const after = await rows();
    expect(after.audit.map((r) => [r.seq, r.dedupeKey])).toEqual([
      [1, audit(1).dedupeKey],
      [2, audit(2).dedupeKey],
    ]);
    expect(after.summary).toHaveLength(1);
  });

  it('keeps one chain when batches of one case are applied at once', async () => {
    await Promise.all(
      [3, 4, 5, 6].map((n) =>
        activities.applyProjections({ closeTasks: [], openTasks: [], audit: [audit(n)], summary: null }),
      ),
    );
    expect(await new AuditRepository(database).verifyCase(caseId)).toMatchObject({ ok: true, rows: 6 });
  });
});
