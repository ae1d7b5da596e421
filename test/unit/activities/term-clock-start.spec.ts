import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { eq } from 'drizzle-orm';
import { ensureTermClocks } from '../../../apps/worker/src/term-clock-bootstrap';
import { createActivities, termClockInputFor } from '../../../activities';
import type { Activities } from '../../../activities';
import { WORKFLOW_TYPES, workflowIds, type TermClockInput } from '../../../libs/contracts';
import { DEMO_IDS, openDatabase, organizations, seedDemoData, type Database } from '../../../libs/db';
import { createDevServerEnv } from '../../support/temporal-env';

jest.setTimeout(120_000);

const O = DEMO_IDS.orgs;

/** The first argument the workflow was started with (default JSON payload converter). */
async function startInput(env: TestWorkflowEnvironment, workflowId: string): Promise<TermClockInput> {
  const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
  const payload = history.events![0].workflowExecutionStartedEventAttributes!.input!.payloads![0];
  return JSON.parse(Buffer.from(payload.data!).toString('utf8')) as TermClockInput;
}

describe('term clocks are started through Temporal (dev server, no worker polls the queue)', () => {
  let env: TestWorkflowEnvironment;
  let database: Database;
  let activities: Activities;
  const taskQueue = `term-clock-test-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    env = await createDevServerEnv();
    database = await openDatabase({ pgliteDir: 'memory://' });
    await seedDemoData(database, { seedDate: '2026-11-23' });
    activities = createActivities({
      database,
      mailer: null,
      mailFrom: 'x@example.test',
      webBaseUrl: 'http://web',
      temporalClient: env.client,
      taskQueue,
    });
  });
  afterAll(async () => {
    await database?.close();
    await env?.teardown();
  });

  it('builds the clock input from the registry and refuses organizations that cannot have a clock', async () => {
    await database.db
      .update(organizations)
      .set({ electionDue: '2027-12-01' })
      .where(eq(organizations.id, O.officeBranch));
    await database.db
      .update(organizations)
      .set({ policyVersion: 'legacy-2010' })
      .where(eq(organizations.id, O.treasuryBranch));
    const office = await termClockInputFor(database, O.officeBranch, '2026.1');
    expect(office).toEqual({
      ok: true,
      input: {
        orgId: O.officeBranch,
        orgPath: [O.officeBranch, O.financeOrganCommittee, O.workCommittee],
        orgName: '中共财政厅办公室支部',
        orgType: 'branch',
        termNo: 1,
        termStart: '2024-09-01',
        termEnd: '2027-09-01',
        shiftedTo: '2027-12-01',
        partyGroupBodyId: DEMO_IDS.partyGroups.finance,
        workCommitteeBodyId: O.workCommittee,
        upperBodyId: O.financeOrganCommittee,
        // the demo's 'seed' is no known policy: the given default applies
        policyVersion: '2026.1',
      },
    });
    const treasury = await termClockInputFor(database, O.treasuryBranch, '2026.1');
    expect(treasury.ok && treasury.input.policyVersion).toBe('legacy-2010');
    expect(await termClockInputFor(database, O.workCommittee, '2026.1')).toEqual({ ok: false, reason: 'noUpperBody' });
    expect(await termClockInputFor(database, 'org-missing', '2026.1')).toEqual({ ok: false, reason: 'notFound' });
  });

  it('startTermClock starts termClock:<orgId> once; a second start is a success that changes nothing', async () => {
    const outcome = await termClockInputFor(database, O.budgetBranch, '2026.1');
    if (!outcome.ok) throw new Error(outcome.reason);
    await activities.startTermClock(outcome.input);
    const handle = env.client.workflow.getHandle(workflowIds.termClock(O.budgetBranch));
    const first = await handle.describe();
    await activities.startTermClock(outcome.input);
    const second = await handle.describe();
    expect(first.type).toBe(WORKFLOW_TYPES.termClock);
    expect(first.taskQueue).toBe(taskQueue);
    expect(first.status.name).toBe('RUNNING');
    expect(second.runId).toBe(first.runId);
    expect(await startInput(env, handle.workflowId)).toEqual(outcome.input);
  });

  it('ensureTermClocks starts a clock for every active organization once, skipping running ones', async () => {
    await database.db.update(organizations).set({ status: 'proposed' }).where(eq(organizations.id, O.eduHrBranch));
    const first = await ensureTermClocks({ client: env.client, database, taskQueue, policyVersion: '2026.1' });
    const withClock = Object.values(O).filter((id) => id !== O.workCommittee && id !== O.eduHrBranch);
    // the budget branch's clock was started by the previous test
    expect(first.running).toEqual([O.budgetBranch]);
    expect([...first.started].sort()).toEqual(withClock.filter((id) => id !== O.budgetBranch).sort());
    expect(first.skipped).toEqual([{ orgId: O.workCommittee, reason: 'noUpperBody' }]);
    expect((await startInput(env, workflowIds.termClock(O.eduPolicyBranch))).termEnd).toBe('2027-03-23');

    const again = await ensureTermClocks({ client: env.client, database, taskQueue });
    expect(again.started).toEqual([]);
    expect([...again.running].sort()).toEqual([...withClock].sort());
    const described = await env.client.workflow.getHandle(workflowIds.termClock(O.eduOrganCommittee)).describe();
    expect(described.taskQueue).toBe(taskQueue);
  });
});
