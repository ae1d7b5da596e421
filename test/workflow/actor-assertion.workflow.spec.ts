import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
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
  workflowIds,
  type EstablishmentInput,
} from '../../libs/contracts';
import { openDatabase, seedDemoData, type Database } from '../../libs/db';
import { CURRENT_POLICY_VERSION } from '../../libs/domain';
import { ENCRYPTED_ENCODING, bundleCarriesTrust, trustedClientOptions } from '../../libs/temporal-trust';
import { createTimeSkippingEnv } from '../support/temporal-env';
import { refusal, waitForTask } from './harness/case-polling';
import { actor, establishmentRequest } from './harness/workflow-harness';

jest.setTimeout(180_000);

const key = () => new Uint8Array(randomBytes(32));
const trust: TrustConfig = {
  assertion: { keys: [{ kid: 'a1', key: key() }], maxAgeMs: 300_000 },
  payload: { keys: [{ kid: 'p1', key: key() }] },
  devKeys: false,
};
const partyGroup = actor('u-pg-edu', [{ role: 'approver', at: 'pg-edu' }]);
const invented = actor('u-intruder', [{ role: 'approver', at: 'pg-edu' }]);

/**
 * Issue 8 §4: the worker built from configuration refuses an update whose actor assertion is missing, forged or stale
 * (someone who reached Temporal's frontend), while the API's client, which signs every update, still decides.
 */
describe('signed actor assertions on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let database: Database;
  let worker: Worker;
  let running: Promise<void>;
  let api: Client;
  const taskQueue = `trust-${randomUUID().slice(0, 8)}`;
  const bundleDir = mkdtempSync(join(tmpdir(), 'bf-trust-bundle-'));

  beforeAll(async () => {
    // a pre-built bundle carrying the keys (what a fast-restarting worker loads); recognised by its trust id only
    const codePath = join(bundleDir, 'workflow-bundle.js');
    writeFileSync(codePath, (await bundleTrustedWorkflowCode(trust)).code);
    expect(bundleCarriesTrust(codePath, trust)).toBe(true);
    const otherKeys = { ...trust, assertion: { ...trust.assertion, keys: [{ kid: 'a1', key: key() }] } };
    expect(bundleCarriesTrust(codePath, otherKeys)).toBe(false);
    env = await createTimeSkippingEnv();
    database = await openDatabase({ pgliteDir: 'memory://' });
    await seedDemoData(database);
    worker = await createBranchflowWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      activities: createActivities({
        database,
        mailer: null,
        mailFrom: 'test@branchflow.local',
        webBaseUrl: 'http://x',
      }),
      trust,
    });
    running = worker.run();
    // the API's client: encrypted payloads, every update signed (its own client: no automatic time skipping)
    api = new Client({
      connection: env.connection,
      namespace: env.namespace ?? 'default',
      ...trustedClientOptions(trust),
    });
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await database?.close();
    await env?.teardown();
    rmSync(bundleDir, { recursive: true, force: true });
  });

  async function startCase() {
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
    const handle = await api.workflow.start(WORKFLOW_TYPES.establishment, {
      taskQueue,
      workflowId: input.caseId,
      args: [input],
    });
    return { handle, c2: await waitForTask(handle, 'C2', 60_000) };
  }

  /**
   * A client of someone at the Temporal port, its updates signed as `sign` says or not at all. It gets the payload
   * keys only so that the test can read the refusal (the worker encrypts failure details too).
   */
  function outsiderClient(sign?: { keys: TrustConfig['assertion']['keys']; clock?: () => number }): Client {
    const options = sign
      ? trustedClientOptions({ ...trust, assertion: { ...trust.assertion, keys: sign.keys } }, { clock: sign.clock })
      : {};
    return new Client({
      connection: env.connection,
      namespace: env.namespace ?? 'default',
      dataConverter: trustedClientOptions(trust).dataConverter,
      interceptors: options.interceptors,
    });
  }

  it('refuses a missing, forged or stale assertion in the validator and lets the API decide', async () => {
    const { handle, c2 } = await startCase();
    const decide = (client: Client, who = invented) =>
      client.workflow
        .getHandle(handle.workflowId)
        .executeUpdate(decideTaskUpdate, { args: [{ actor: who, taskId: c2.taskId, outcome: 'approve' }] });

    // missing: an update sent straight to Temporal as an invented approver
    expect(await refusal(decide(outsiderClient()))).toBe(ACTOR_ASSERTION_REFUSED);
    // forged: signed under the right key id with a key the worker does not hold
    expect(await refusal(decide(outsiderClient({ keys: [{ kid: 'a1', key: key() }] })))).toBe(ACTOR_ASSERTION_REFUSED);
    // stale: the right key, but issued ten minutes before workflow time (window: five minutes)
    const stale = outsiderClient({ keys: trust.assertion.keys, clock: () => Date.now() - 600_000 });
    expect(await refusal(decide(stale, partyGroup))).toBe(ACTOR_ASSERTION_REFUSED);

    // none of them reached the workflow: the task is still open, and no refused update entered history
    const state = await handle.query(caseStateQuery);
    expect(state.pendingTasks.map((t) => t.taskId)).toEqual([c2.taskId]);
    const history = await handle.fetchHistory();
    expect(history.events!.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toHaveLength(0);

    // the API's path: signed by the client interceptor, accepted, the case moves on
    const result = await decide(api, partyGroup);
    expect(result).toMatchObject({ taskId: c2.taskId, outcome: 'approve', stage: 'C4' });

    // and the refusal names its reason for the API (403 with the code)
    const err = await decide(outsiderClient()).catch((e: unknown) => e);
    expect((err as { cause?: { details?: unknown[] } }).cause?.details?.[0]).toMatchObject({
      code: ACTOR_ASSERTION_REFUSED,
      kind: 'forbidden',
      numbers: { reason: 'missing' },
    });
  });

  it('stores the start input and update arguments encrypted in history', async () => {
    const { handle, c2 } = await startCase();
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
});
