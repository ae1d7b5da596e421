import { randomBytes, randomUUID } from 'node:crypto';
import {
  Client,
  WorkflowFailedError,
  type WorkflowClientInterceptor,
  type WorkflowHandle,
  type WorkflowSignalInput,
} from '@temporalio/client';
import { ApplicationFailure, defaultPayloadConverter, type Payload } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { eq } from 'drizzle-orm';
import { createActivities } from '../../activities';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleTrustedWorkflowCode, createBranchflowWorker } from '../../apps/worker/src/worker.factory';
import type { TrustConfig } from '../../libs/config';
import { ACTOR_ASSERTION_REFUSED } from '../../libs/contracts/actor-assertion.contract';
import {
  WORKFLOW_TYPES,
  caseStateQuery,
  decideTaskUpdate,
  lapseLevelSignal,
  termClockQuery,
  termShiftApprovedSignal,
  workflowIds,
  type EstablishmentInput,
  type LapseCaseInput,
  type TermClockView,
} from '../../libs/contracts';
import { auditEvents, caseSummaries, openDatabase, tasks, seedDemoData, type Database } from '../../libs/db';
import { addToDate, CURRENT_POLICY_VERSION } from '../../libs/domain';
import {
  AesGcmPayloadCodec,
  ENCRYPTED_ENCODING,
  bundleCarriesTrust,
  trustedClientOptions,
} from '../../libs/temporal-trust';
import { createDevServerEnv, createTimeSkippingEnv } from '../support/temporal-env';
import { refusal, waitForState, waitForTask } from './harness/case-polling';
import { createTermOrg, delayRequest } from './harness/term-harness';
import { actor, establishmentRequest, type Harness } from './harness/workflow-harness';

jest.setTimeout(180_000);

const key = () => new Uint8Array(randomBytes(32));
const trust: TrustConfig = {
  assertion: { keys: [{ kid: 'a1', key: key() }], maxAgeMs: 300_000 },
  payload: { keys: [{ kid: 'p1', key: key() }] },
  devKeys: false,
};
const partyGroup = actor('u-pg-edu', [{ role: 'approver', at: 'pg-edu' }]);
const workCommittee = actor('u-wc-approver', [{ role: 'approver', at: 'org-wc' }]);
const invented = actor('u-intruder', [{ role: 'approver', at: 'pg-edu' }]);

/** Ids of the patch markers in a history: a refused start or signal is recorded as one (`branchflow-refused:…`). */
function markerIds(history: temporal.api.history.v1.IHistory): string[] {
  return (history.events ?? []).flatMap((e) => {
    const details = e.markerRecordedEventAttributes?.details ?? {};
    return Object.values(details).flatMap((p) => (p.payloads ?? []).map((x) => Buffer.from(x.data ?? []).toString()));
  });
}

async function poll<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== null) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

/** Histories the last test replays with the assertion keys retired. */
const recorded: { workflowId: string; history: temporal.api.history.v1.IHistory }[] = [];
const bundleDir = mkdtempSync(join(tmpdir(), 'bf-trust-bundle-'));
const codePath = join(bundleDir, 'workflow-bundle.js');

beforeAll(async () => {
  // a pre-built bundle carrying the keys (what a fast-restarting worker loads); recognised by its trust id only
  writeFileSync(codePath, (await bundleTrustedWorkflowCode(trust)).code);
  expect(bundleCarriesTrust(codePath, trust)).toBe(true);
  const otherKeys = { ...trust, assertion: { ...trust.assertion, keys: [{ kid: 'a1', key: key() }] } };
  expect(bundleCarriesTrust(codePath, otherKeys)).toBe(false);
});
afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

interface TrustedStack {
  env: TestWorkflowEnvironment;
  database: Database;
  taskQueue: string;
  /** the API's client: encrypted payloads, every update and start signed (its own client: no automatic time skipping) */
  api: Client;
  /**
   * A client of someone at the Temporal port, signing as `sign` says or not at all. It gets the payload keys only so
   * that the test can read the refusal (the worker encrypts failure details too).
   */
  outsiderClient(
    sign?: { keys: TrustConfig['assertion']['keys']; clock?: () => number },
    extra?: WorkflowClientInterceptor[],
  ): Client;
  startCase(): Promise<{ handle: WorkflowHandle; c2: Awaited<ReturnType<typeof waitForTask>> }>;
  /** workflows a test leaves running, terminated at the end */
  leftRunning: string[];
}

/** A Temporal server, an in-memory database with demo data, and a worker built with the trust keys. */
function useTrustedStack(server: 'time-skipping' | 'dev'): TrustedStack {
  const stack = { taskQueue: `trust-${randomUUID().slice(0, 8)}`, leftRunning: [] as string[] } as TrustedStack;
  let worker: Worker;
  let running: Promise<void>;
  beforeAll(async () => {
    stack.env = server === 'dev' ? await createDevServerEnv() : await createTimeSkippingEnv();
    stack.database = await openDatabase({ pgliteDir: 'memory://' });
    await seedDemoData(stack.database);
    worker = await createBranchflowWorker({
      connection: stack.env.nativeConnection,
      namespace: stack.env.namespace ?? 'default',
      taskQueue: stack.taskQueue,
      activities: createActivities({
        database: stack.database,
        mailer: null,
        mailFrom: 'test@branchflow.local',
        webBaseUrl: 'http://x',
      }),
      workflowBundle: { codePath },
      trust,
    });
    running = worker.run();
    stack.api = new Client({
      connection: stack.env.connection,
      namespace: stack.env.namespace ?? 'default',
      ...trustedClientOptions(trust),
    });
  });
  afterAll(async () => {
    for (const id of stack.leftRunning) {
      await stack.api.workflow
        .getHandle(id)
        .terminate('test done')
        .catch(() => undefined);
    }
    worker?.shutdown();
    await running;
    await stack.database?.close();
    await stack.env?.teardown();
  });
  stack.outsiderClient = (sign, extra = []) => {
    const options = sign
      ? trustedClientOptions({ ...trust, assertion: { ...trust.assertion, keys: sign.keys } }, { clock: sign.clock })
      : {};
    return new Client({
      connection: stack.env.connection,
      namespace: stack.env.namespace ?? 'default',
      dataConverter: trustedClientOptions(trust).dataConverter,
      interceptors: {
        workflow: [...((options.interceptors?.workflow as WorkflowClientInterceptor[] | undefined) ?? []), ...extra],
      },
    });
  };
  stack.startCase = async () => {
    const orgId = `org-t${randomUUID().slice(0, 8)}`;
    const input: EstablishmentInput = {
      caseId: workflowIds.establishment(orgId),
      orgId,
      orgPath: [orgId, 'org-edu-oc', 'org-wc'],
      request: establishmentRequest(),
      rosterCounts: { full: 10, probationary: 2, total: 12 },
      partyGroupBodyId: 'pg-edu',
      workCommitteeBodyId: 'org-wc',
      submittedBy: 'u-clerk',
      submittedAt: new Date().toISOString(),
      policyVersion: CURRENT_POLICY_VERSION,
    };
    const handle = await stack.api.workflow.start(WORKFLOW_TYPES.establishment, {
      taskQueue: stack.taskQueue,
      workflowId: input.caseId,
      args: [input],
    });
    return { handle, c2: await waitForTask(handle, 'C2', 60_000) };
  };
  return stack;
}

/**
 * Issue 8 §4: the worker built from configuration refuses an update, a start or a signal whose actor assertion is
 * missing, forged or stale (someone who reached Temporal's frontend), while the API's client, which signs every
 * update and start, still acts.
 */
describe('signed actor assertions on the time-skipping server', () => {
  const stack = useTrustedStack('time-skipping');

  it('refuses a missing, forged or stale assertion in the validator and lets the API decide', async () => {
    const { handle, c2 } = await stack.startCase();
    const decide = (client: Client, who = invented) =>
      client.workflow
        .getHandle(handle.workflowId)
        .executeUpdate(decideTaskUpdate, { args: [{ actor: who, taskId: c2.taskId, outcome: 'approve' }] });

    // missing: an update sent straight to Temporal as an invented approver
    expect(await refusal(decide(stack.outsiderClient()))).toBe(ACTOR_ASSERTION_REFUSED);
    // forged: signed under the right key id with a key the worker does not hold
    expect(await refusal(decide(stack.outsiderClient({ keys: [{ kid: 'a1', key: key() }] })))).toBe(
      ACTOR_ASSERTION_REFUSED,
    );
    // stale: the right key, but issued ten minutes before workflow time (window: five minutes)
    const stale = stack.outsiderClient({ keys: trust.assertion.keys, clock: () => Date.now() - 600_000 });
    expect(await refusal(decide(stale, partyGroup))).toBe(ACTOR_ASSERTION_REFUSED);

    // none of them reached the workflow: the task is still open, and no refused update entered history
    const state = await handle.query(caseStateQuery);
    expect(state.pendingTasks.map((t) => t.taskId)).toEqual([c2.taskId]);
    const history = await handle.fetchHistory();
    expect(history.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toHaveLength(0);

    // the API's path: signed by the client interceptor, accepted, the case moves on
    const result = await decide(stack.api, partyGroup);
    expect(result).toMatchObject({ taskId: c2.taskId, outcome: 'approve', stage: 'C4' });

    // and the refusal names its reason for the API (403 with the code)
    const err = await decide(stack.outsiderClient()).catch((e: unknown) => e);
    expect((err as { cause?: { details?: unknown[] } }).cause?.details?.[0]).toMatchObject({
      code: ACTOR_ASSERTION_REFUSED,
      kind: 'forbidden',
      numbers: { reason: 'missing' },
    });
  });

  it('stores the start input and update arguments encrypted in history', async () => {
    const { handle, c2 } = await stack.startCase();
    await handle.executeUpdate(decideTaskUpdate, {
      args: [{ actor: partyGroup, taskId: c2.taskId, outcome: 'approve', comment: '限阅意见' }],
    });
    const history = await handle.fetchHistory();
    const started = history.events![0]!.workflowExecutionStartedEventAttributes!;
    const payloads = [
      ...started.input!.payloads!,
      ...history.events!.flatMap(
        (e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.args?.payloads ?? [],
      ),
    ];
    const encodings = payloads.map((p) => Buffer.from(p.metadata!.encoding!).toString());
    expect(encodings.length).toBeGreaterThanOrEqual(2);
    expect(new Set(encodings)).toEqual(new Set([ENCRYPTED_ENCODING]));
    for (const p of payloads) expect(Buffer.from(p.data!).includes(Buffer.from('限阅意见'))).toBe(false);
    // the assertion header itself is plain (a signature, no secret)
    const header = history.events!.find((e) => e.workflowExecutionUpdateAcceptedEventAttributes)!
      .workflowExecutionUpdateAcceptedEventAttributes!.acceptedRequest!.input!.header!.fields![
      'branchflow-actor-assertion'
    ];
    expect(String(defaultPayloadConverter.fromPayload(header!))).toMatch(/^v1\.a1\./);
  });
  it('refuses a start sent straight to Temporal without, with a forged or with a stale assertion: the case fails before its first step', async () => {
    for (const [label, client] of [
      ['missing', stack.outsiderClient()],
      ['forged', stack.outsiderClient({ keys: [{ kid: 'a1', key: key() }] })],
      ['stale', stack.outsiderClient({ keys: trust.assertion.keys, clock: () => Date.now() - 600_000 })],
    ] as const) {
      const orgId = `org-x${randomUUID().slice(0, 8)}`;
      const input: EstablishmentInput = {
        caseId: workflowIds.establishment(orgId),
        orgId,
        orgPath: [orgId, 'org-edu-oc', 'org-wc'],
        request: establishmentRequest(),
        rosterCounts: { full: 10, probationary: 2, total: 12 },
        partyGroupBodyId: 'pg-edu',
        workCommitteeBodyId: 'org-wc',
        submittedBy: 'u-intruder',
        submittedAt: new Date().toISOString(),
        policyVersion: CURRENT_POLICY_VERSION,
      };
      const handle = await client.workflow.start(WORKFLOW_TYPES.establishment, {
        taskQueue: stack.taskQueue,
        workflowId: input.caseId,
        args: [input],
      });
      const err = await handle.result().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowFailedError);
      const cause = (err as WorkflowFailedError).cause as ApplicationFailure;
      expect(cause).toBeInstanceOf(ApplicationFailure);
      expect({ label, type: cause.type, nonRetryable: cause.nonRetryable }).toEqual({
        label,
        type: ACTOR_ASSERTION_REFUSED,
        nonRetryable: true,
      });
      expect(cause.details?.[0]).toMatchObject({ code: ACTOR_ASSERTION_REFUSED, numbers: { reason: label } });
      // nothing ran: no activity, no task in an inbox, no audit row; the refusal is recorded in history
      const history = await handle.fetchHistory();
      expect(history.events!.filter((e) => e.activityTaskScheduledEventAttributes)).toHaveLength(0);
      expect(markerIds(history).join()).toContain('branchflow-refused:start');
      expect(await stack.database.db.select().from(tasks).where(eq(tasks.caseId, input.caseId))).toEqual([]);
      expect(await stack.database.db.select().from(auditEvents).where(eq(auditEvents.caseId, input.caseId))).toEqual(
        [],
      );
      expect(
        await stack.database.db.select().from(caseSummaries).where(eq(caseSummaries.caseId, input.caseId)),
      ).toEqual([]);
      recorded.push({ workflowId: input.caseId, history });
    }
  });

  it('accepts a signed signal once per run: the same assertion sent again is refused', async () => {
    const personId = `p-lapse-${randomUUID().slice(0, 8)}`;
    const caseId = workflowIds.lapse('org-fin-budget-br', personId);
    stack.leftRunning.push(caseId);
    const input: LapseCaseInput = {
      caseId,
      orgId: 'org-fin-budget-br',
      orgPath: ['org-fin-budget-br', 'org-fin-oc', 'org-wc'],
      orgName: '预算处党支部',
      personId,
      personName: '测试党员',
      consecutiveMonths: 3,
      sinceMonth: null,
      level: 'warned',
      upperBodyId: 'org-fin-oc',
      submittedAt: new Date().toISOString(),
      policyVersion: CURRENT_POLICY_VERSION,
    };
    // a start signed by the worker's client (the org-life workflow starts these as children; no actor either way)
    const lapse: WorkflowHandle = await stack.api.workflow.start(WORKFLOW_TYPES.lapseCase, {
      taskQueue: stack.taskQueue,
      workflowId: caseId,
      args: [input],
    });
    await waitForTask(lapse, 'L1', 60_000);

    let captured: Record<string, Payload> = {};
    const capture: WorkflowClientInterceptor = {
      async signal(i: WorkflowSignalInput, next) {
        captured = i.headers;
        return next(i);
      },
    };
    const signer = stack.outsiderClient({ keys: trust.assertion.keys }, [capture]);
    const fourMonths = { level: 'warned' as const, consecutiveMonths: 4, asOf: '2026-11-01' };
    await signer.workflow.getHandle(caseId).signal(lapseLevelSignal, fourMonths);
    const copy = captured;
    await signer.workflow.getHandle(caseId).signal(lapseLevelSignal, {
      level: 'warned',
      consecutiveMonths: 5,
      asOf: '2026-12-01',
      reasons: ['attendance', 'dues'],
      duesUnpaidMonths: 3,
    });
    // the record follows the watch: the grounds the tasks name, not those of the month the case opened
    const followed = await waitForState(lapse, (s) => s.data.consecutiveMonths === 5);
    expect(followed.data).toMatchObject({ reasons: ['attendance', 'dues'], duesUnpaidMonths: 3 });
    // someone who read the first signal's header in history sends it again with its arguments
    const replayer = stack.outsiderClient(undefined, [
      { signal: (i: WorkflowSignalInput, next) => next({ ...i, headers: { ...i.headers, ...copy } }) },
    ]);
    await replayer.workflow.getHandle(caseId).signal(lapseLevelSignal, fourMonths);
    await poll('replayed signal refused', async () =>
      markerIds(await lapse.fetchHistory())
        .join()
        .includes('branchflow-refused:signal:3')
        ? true
        : null,
    );
    expect((await lapse.query(caseStateQuery)).data.consecutiveMonths).toBe(5);
    recorded.push({ workflowId: caseId, history: await lapse.fetchHistory() });
  });
});

/**
 * Signals between workflows need the real server: the time-skipping test server drops the header of a signal a
 * workflow sends (SignalExternalWorkflowExecution), which Temporal's server and the dev server keep.
 */
describe('signed starts and signals between workflows on the Temporal dev server', () => {
  const stack = useTrustedStack('dev');

  it('runs internal starts: a term clock signed by the worker client and the election case it opens as a child; workflows sign the signals they send each other', async () => {
    const today = new Date().toISOString().slice(0, 10);
    // T − 6 months has passed: the clock opens the term election at once, as a child (lineage, no assertion of its own)
    const termEnd = addToDate(today, { months: 4 });
    const input = await createTermOrg({ database: stack.database } as Harness, {
      type: 'branch',
      termEnd,
      termYears: 3,
    });
    const clockId = workflowIds.termClock(input.orgId);
    const electionId = workflowIds.termElection(input.orgId, input.termNo);
    stack.leftRunning.push(clockId, electionId);
    // the worker's own client: trustedClientOptions, as worker.runner builds it; the clock's input names no actor
    await stack.api.workflow.start(WORKFLOW_TYPES.termClock, {
      taskQueue: stack.taskQueue,
      workflowId: clockId,
      args: [input],
    });
    const clock = stack.api.workflow.getHandle(clockId);
    const view = async (): Promise<TermClockView> => clock.query(termClockQuery);
    await poll('election case opened', async () => ((await view()).electionCaseId === electionId ? true : null));
    const election = stack.api.workflow.getHandle(electionId);
    await waitForTask(election, 'E0', 60_000);

    // a signal straight to Temporal, unsigned or signed with another key: dropped, and the refusal recorded
    const forgedShift = { caseId: 'forged-shift', to: addToDate(termEnd, { months: 3 }), approvedAt: today };
    await stack.outsiderClient().workflow.getHandle(clockId).signal(termShiftApprovedSignal, forgedShift);
    await stack
      .outsiderClient({ keys: [{ kid: 'a1', key: key() }] })
      .workflow.getHandle(clockId)
      .signal(termShiftApprovedSignal, forgedShift);
    await poll('two refusals recorded', async () => {
      const ids = markerIds(await clock.fetchHistory()).join();
      return ids.includes('branchflow-refused:signal:1') && ids.includes('branchflow-refused:signal:2') ? true : null;
    });
    expect(await view()).toMatchObject({ shifts: [], shiftedTo: null, electionDue: termEnd });

    // the real path: a term shift case approved through signed updates signals the clock (signed by the shift
    // workflow), and the clock forwards it to its running election case (signed by the clock)
    const newDue = addToDate(termEnd, { months: 6 });
    const shiftId = workflowIds.termShift(input.orgId, input.termNo, 1);
    const shift = await stack.api.workflow.start(WORKFLOW_TYPES.termShift, {
      taskQueue: stack.taskQueue,
      workflowId: shiftId,
      args: [
        {
          caseId: shiftId,
          orgId: input.orgId,
          orgPath: input.orgPath,
          termNo: input.termNo,
          termEnd,
          request: delayRequest(newDue),
          partyGroupBodyId: input.partyGroupBodyId,
          workCommitteeBodyId: input.workCommitteeBodyId,
          submittedBy: 'u-clerk',
          submittedAt: new Date().toISOString(),
          policyVersion: input.policyVersion,
        },
      ],
    });
    const s1 = await waitForTask(shift, 'S1', 60_000);
    await shift.executeUpdate(decideTaskUpdate, {
      args: [{ actor: partyGroup, taskId: s1.taskId, outcome: 'approve' }],
    });
    const s2 = await waitForTask(shift, 'S2', 60_000);
    await shift.executeUpdate(decideTaskUpdate, {
      args: [{ actor: workCommittee, taskId: s2.taskId, outcome: 'approve' }],
    });
    expect((await waitForState(shift, (s) => s.status !== 'active', 60_000)).status).toBe('completed');
    const moved = await poll('clock moved', async () => {
      const v = await view();
      return v.shiftedTo === newDue ? v : null;
    });
    expect(moved.shifts.map((s) => s.caseId)).toEqual([shiftId]);
    await waitForState(election, (s) => s.data.electionDue === newDue, 30_000);
    const ids = markerIds(await clock.fetchHistory()).join();
    expect(ids).not.toContain('branchflow-refused:signal:3');
    expect(markerIds(await election.fetchHistory()).join()).not.toContain('branchflow-refused');
    recorded.push({ workflowId: clockId, history: await clock.fetchHistory() });
    recorded.push({ workflowId: electionId, history: await election.fetchHistory() });
  });
});

describe('replay after a key rotation', () => {
  it('replays those histories on a worker whose assertion keys were all retired: verdicts come from history', async () => {
    expect(recorded.length).toBeGreaterThanOrEqual(6);
    const rotated: TrustConfig = { ...trust, assertion: { ...trust.assertion, keys: [{ kid: 'a2', key: key() }] } };
    const bundle = await bundleTrustedWorkflowCode(rotated);
    const results = Worker.runReplayHistories(
      {
        workflowBundle: bundle,
        dataConverter: { payloadCodecs: [new AesGcmPayloadCodec(trust.payload.keys)] },
        replayName: 'trust-rotated',
      },
      recorded,
    );
    const failures: string[] = [];
    for await (const result of results)
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    expect(failures).toEqual([]);
  });
});
