import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { msToNumber, type Duration } from '@temporalio/common/lib/time';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../../activities';
import { WORKFLOW_PRELOAD_MODULES } from '../../../apps/worker/src/worker.factory';
import {
  TASK_QUEUE,
  WORKFLOW_TYPES,
  workflowIds,
  type Actor,
  type EstablishmentInput,
  type EstablishmentRequest,
} from '../../../libs/contracts';
import { CURRENT_POLICY_VERSION } from '../../../libs/domain';
import { DEMO_NEW_BRANCH_ROSTER, openDatabase, seedDemoData, type Database } from '../../../libs/db';
import { recordHistories } from '../../support/history-recorder';
import { createTimeSkippingEnv } from '../../support/temporal-env';

export interface Harness {
  env: TestWorkflowEnvironment;
  database: Database;
  worker: Worker;
  taskQueue: string;
  stop(): Promise<void>;
}

/** Time-skipping server + a real worker bundling workflows/ + real activities on an in-memory PGlite with demo data. */
export async function startHarness(): Promise<Harness> {
  const env = await createTimeSkippingEnv();
  const database = await openDatabase({ pgliteDir: 'memory://' });
  await seedDemoData(database);
  const taskQueue = `${TASK_QUEUE}-${randomUUID().slice(0, 8)}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowsPath: require.resolve('../../../workflows'),
    bundlerOptions: { preloadModules: WORKFLOW_PRELOAD_MODULES },
    activities: createActivities({ database, mailer: null, mailFrom: 'test@branchflow.local', webBaseUrl: 'http://x' }),
  });
  const running = worker.run();
  return {
    env,
    database,
    worker,
    taskQueue,
    stop: async () => {
      await recordHistories(env);
      worker.shutdown();
      await running;
      await database.close();
      await env.teardown();
    },
  };
}

/**
 * One harness for the enclosing describe block: started in beforeAll, stopped in afterAll. The returned object reads
 * through to the running harness, so tests use it as they would the result of startHarness().
 */
export function useHarness(): Harness {
  let running: Harness | undefined;
  beforeAll(async () => {
    running = await startHarness();
  });
  afterAll(async () => {
    await running?.stop();
  });
  const current = (): Harness => {
    if (!running) throw new Error('the harness runs only inside the tests of the describe block that asked for it');
    return running;
  };
  return {
    get env() {
      return current().env;
    },
    get database() {
      return current().database;
    },
    get worker() {
      return current().worker;
    },
    get taskQueue() {
      return current().taskQueue;
    },
    stop: () => current().stop(),
  };
}

/** The time-skipping server's instant: it moves with env.sleep, the test process's clock does not. */
export async function serverNow(h: Harness): Promise<string> {
  return new Date(await h.env.currentTimeMs()).toISOString();
}

/** How long (real time) a skip of the server's clock may take before the test says the clock is stuck. */
const SKIP_REAL_TIME_LIMIT_MS = 60_000;

/**
 * Moves the time-skipping server's clock to `when` (never backwards): an instant, or a day meaning 12:00 in Beijing.
 * The skip is bounded in real time: the server advances only while nothing holds its time-skipping lock, and a run
 * terminated with an activity or workflow task in flight holds it for good (sdk-java#1138, #3088), which would turn
 * a year's skip into a year's wait. Terminate with `terminateIdle` instead.
 */
export async function sleepUntil(h: Harness, when: string, watch: readonly WorkflowHandle[] = []): Promise<void> {
  const target = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(when) ? `${when}T04:00:00.000Z` : when);
  const ms = target - (await h.env.currentTimeMs());
  if (ms <= 0) return;
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void inFlight(watch).then((work) =>
        reject(
          new Error(
            `the time-skipping server did not reach ${new Date(target).toISOString()} within ` +
              `${SKIP_REAL_TIME_LIMIT_MS} ms of real time: its time-skipping lock is held (a run terminated with ` +
              `an activity or workflow task in flight?)${work}`,
          ),
        ),
      );
    }, SKIP_REAL_TIME_LIMIT_MS);
  });
  try {
    await Promise.race([h.env.sleep(ms), stuck]);
  } finally {
    clearTimeout(timer);
  }
}

/** Moves the server's clock ahead by `duration` ('22 days'), bounded in real time like sleepUntil. */
export async function skip(h: Harness, duration: Duration, watch: readonly WorkflowHandle[] = []): Promise<void> {
  await sleepUntil(h, new Date((await h.env.currentTimeMs()) + msToNumber(duration)).toISOString(), watch);
}

/** What the watched runs have in flight, for the message of a stuck skip (the work that may hold the lock). */
async function inFlight(watch: readonly WorkflowHandle[]): Promise<string> {
  const lines = await Promise.all(
    watch.map(async (handle) => {
      try {
        const { raw, status } = await handle.describe();
        const activities = (raw.pendingActivities ?? []).map(
          (a) => `${a.activityType?.name ?? '?'} (state ${String(a.state)}, attempt ${a.attempt ?? 0})`,
        );
        const task = raw.pendingWorkflowTask
          ? `workflow task (state ${String(raw.pendingWorkflowTask.state)}, attempt ${raw.pendingWorkflowTask.attempt ?? 0})`
          : 'no workflow task';
        return `${handle.workflowId} ${status.name}: ${[task, ...activities].join(', ')}`;
      } catch (err) {
        return `${handle.workflowId}: not described (${err instanceof Error ? err.message : String(err)})`;
      }
    }),
  );
  return lines.length ? `; in flight: ${lines.join('; ')}` : '';
}

/**
 * Terminates a run once it has no activity and no workflow task in flight. Terminating a busy run leaves the test
 * server's time-skipping lock taken by the work it dropped, and every later skip then runs in real time. The test
 * process holds the clock still meanwhile, so an idle run stays idle until it is terminated.
 */
export async function terminateIdle(handle: WorkflowHandle, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { raw } = await handle.describe();
    const busy = (raw.pendingActivities?.length ?? 0) > 0 || !!raw.pendingWorkflowTask;
    if (!busy) break;
    if (Date.now() > deadline) throw new Error(`${handle.workflowId} still had work in flight after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
  await handle.terminate('test done');
}

/** The time-skipping server's day (UTC). */
export async function serverToday(h: Harness): Promise<string> {
  return (await serverNow(h)).slice(0, 10);
}

export function actor(userId: string, roles: Actor['roles'], adminOrgIds: string[] = []): Actor {
  return { userId, displayName: userId, roles, adminOrgIds };
}

export function establishmentRequest(overrides: Partial<EstablishmentRequest> = {}): EstablishmentRequest {
  return {
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
    ...overrides,
  };
}

export async function startEstablishment(
  h: Harness,
  opts: { request?: EstablishmentRequest; counts?: EstablishmentInput['rosterCounts']; submittedBy?: string } = {},
) {
  const orgId = `org-t${randomUUID().slice(0, 8)}`;
  const input: EstablishmentInput = {
    caseId: workflowIds.establishment(orgId),
    orgId,
    orgPath: [orgId, 'org-edu-oc', 'org-wc'],
    request: opts.request ?? establishmentRequest(),
    rosterCounts: opts.counts ?? { full: 10, probationary: 2, total: 12 },
    partyGroupBodyId: 'pg-edu',
    workCommitteeBodyId: 'org-wc',
    submittedBy: opts.submittedBy ?? 'u-clerk',
    submittedAt: new Date().toISOString(),
    policyVersion: CURRENT_POLICY_VERSION,
  };
  const handle = await h.env.client.workflow.start(WORKFLOW_TYPES.establishment, {
    taskQueue: h.taskQueue,
    workflowId: input.caseId,
    args: [input],
  });
  return { handle, orgId, input };
}
