import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { startWorkerInProcess } from '../../../apps/worker/src';
import type { RunningWorker } from '../../../apps/worker/src';
import { createSmtpMailSender } from '../../../activities';
import { caseStateQuery, WORKFLOW_TYPES, workflowIds } from '../../../libs/contracts';
import type { EstablishmentInput } from '../../../libs/contracts';
import { CURRENT_POLICY_VERSION } from '../../../libs/domain';
import {
  DEMO_NEW_BRANCH_ROSTER,
  notifications,
  openDatabase,
  organizations,
  seedDemoData,
  tasks,
} from '../../../libs/db';
import type { Database } from '../../../libs/db';
import { createDevServerEnv } from '../../support/temporal-env';
import { startCollectingSink } from './activities.fixture';

jest.setTimeout(180_000);

async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function establishmentInput(orgId: string): EstablishmentInput {
  return {
    caseId: workflowIds.establishment(orgId),
    orgId,
    orgPath: [orgId, 'org-edu-oc', 'org-wc'],
    request: {
      name: '基础教育处党支部',
      proposedType: 'branch',
      parentOrgId: 'org-edu-oc',
      departmentId: 'dept-edu',
      unitName: '基础教育处',
      natureOfWork: '行政机关处室',
      staffHeadcount: 20,
      rosterPersonIds: [...DEMO_NEW_BRANCH_ROSTER],
      legalBasis: '《中国共产党党和国家机关基层组织工作条例》第七条',
      reasons: '正式党员达到3人以上',
      committeeSeats: 3,
      positions: ['secretary', 'committeeMember'],
      slate: DEMO_NEW_BRANCH_ROSTER.slice(0, 4).map((personId, i) => ({
        personId,
        name: `候选人${i + 1}`,
        surnameStrokes: i + 3,
      })),
      coveredUnits: [],
      plannedElectionDate: '2027-01-15',
    },
    rosterCounts: { full: 10, probationary: 2, total: 12 },
    partyGroupBodyId: 'pg-edu',
    workCommitteeBodyId: 'org-wc',
    submittedBy: 'u-clerk',
    submittedAt: new Date().toISOString(),
    policyVersion: CURRENT_POLICY_VERSION,
  };
}

describe('worker hosted in-process (dev server, PGlite, real SMTP)', () => {
  let env: TestWorkflowEnvironment;
  let database: Database;
  let sink: Awaited<ReturnType<typeof startCollectingSink>>;
  let mailer: ReturnType<typeof createSmtpMailSender>;
  let worker: RunningWorker | undefined;
  const taskQueue = `branchflow-test-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    env = await createDevServerEnv();
    database = await openDatabase({ pgliteDir: 'memory://' });
    await seedDemoData(database);
    sink = await startCollectingSink();
    mailer = createSmtpMailSender({ smtpUrl: sink.url, from: 'Branchflow <no-reply@branchflow.test>' });
  });
  afterAll(async () => {
    await worker?.stop();
    mailer?.close();
    await sink?.close();
    await database?.close();
    await env?.teardown();
  });

  it('runs workflows/ with the real activities: a started case registers the org and mails the party group approver', async () => {
    worker = await startWorkerInProcess({
      database,
      mailer,
      mailFrom: 'no-reply@branchflow.test',
      webBaseUrl: 'http://web.test',
      connection: env.nativeConnection,
      temporal: { address: 'unused-with-connection:0', namespace: env.namespace ?? 'default', taskQueue },
      logger: pino({ level: 'silent' }),
    });
    expect(worker.worker.getState()).toBe('RUNNING');

    const orgId = `org-w${randomUUID().slice(0, 8)}`;
    const handle = await env.client.workflow.start(WORKFLOW_TYPES.establishment, {
      taskQueue,
      workflowId: workflowIds.establishment(orgId),
      args: [establishmentInput(orgId)],
    });

    const mail = await eventually(
      async () => sink.mails.find((m) => m.to.includes('u-pg-edu@example.gov.cn')),
      'the C2 task email to the party group approver',
    );
    expect(mail.subject).toContain('基础教育处党支部');
    const c2 = (await handle.query(caseStateQuery)).pendingTasks.find((t) => t.step === 'C2');
    expect(c2).toBeDefined();
    expect(mail.text).toContain(`http://web.test/tasks/${encodeURIComponent(c2!.taskId)}`);

    const [org] = await database.db.select().from(organizations).where(eq(organizations.id, orgId));
    expect(org).toMatchObject({ status: 'proposed', parentId: 'org-edu-oc' });
    const [row] = await database.db.select().from(tasks).where(eq(tasks.taskId, c2!.taskId));
    expect(row).toMatchObject({
      status: 'open',
      assignedBodyId: 'pg-edu',
      caseTitle: expect.stringContaining('基础教育处党支部'),
    });
    const sent = await database.db.select().from(notifications).where(eq(notifications.taskId, c2!.taskId));
    expect(sent.filter((n) => n.channel === 'email').every((n) => n.status === 'sent')).toBe(true);

    await handle.terminate('test finished');
  });

  it('stop() shuts the worker down gracefully and is idempotent', async () => {
    const running = worker!;
    await Promise.all([running.stop(), running.stop()]);
    expect(running.worker.getState()).toBe('STOPPED');
    await expect(running.running).resolves.toBeUndefined();
  });
});
