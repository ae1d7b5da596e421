import { randomBytes } from 'node:crypto';
import { Client, WorkflowFailedError } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import { ACTOR_ASSERTION_REFUSED } from '../../libs/contracts/actor-assertion.contract';
import {
  decideTaskUpdate,
  caseStateQuery,
  termClockQuery,
  termShiftApprovedSignal,
  TASK_QUEUE,
  WORKFLOW_TYPES,
  workflowIds,
  type AdmissionInput,
} from '../../libs/contracts';
import { CURRENT_POLICY_VERSION } from '../../libs/domain';
import { payloadToWire, trustedClientOptions, ENCRYPTED_ENCODING } from '../../libs/temporal-trust';
import type { TrustConfig } from '../../libs/config';
import { startE2eStack, type E2eStack } from './harness/e2e-stack';
import { establishmentBody, establishmentDriver } from './harness/establishment-driver';
import { httpClient } from './harness/http-client';

jest.setTimeout(240_000);

/**
 * Issue 8 §4 over the whole system: someone who reaches Temporal's frontend (no API in between) can neither decide a
 * task as an invented user nor read what the cases hold; the API's own path still works, and the Temporal Web UI's
 * codec endpoint shows the plain payloads to administrators only.
 */
describe('nobody gets past the API: signed updates and encrypted payloads (e2e)', () => {
  let stack: E2eStack;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startE2eStack({ lane: 'pglite' });
    const http = httpClient(stack.baseUrl);
    for (const user of [
      'u-clerk',
      'u-pg-edu',
      'u-admin',
      'u-wc-approver',
      'u-sec-fin-office',
      'u-pg-fin',
      'u-sec-fin-budget',
      'u-sec-fin-treasury',
    ]) {
      tokens[user] = await http.token(user);
    }
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const invented = {
    userId: 'u-intruder',
    displayName: '冒名审批人',
    roles: [{ role: 'approver' as const, at: 'pg-edu' }],
    adminOrgIds: ['org-wc'],
  };

  it('refuses an update sent straight to Temporal as an invented actor, with or without a forged assertion', async () => {
    const http = httpClient(stack.baseUrl);
    const d = establishmentDriver(http, tokens);
    const started = await http.call('POST', '/api/cases/establishment', {
      token: tokens['u-clerk'],
      body: establishmentBody(),
    });
    expect(started.status).toBe(201);
    const { caseId } = started.body as { caseId: string };
    const c2 = await d.openTask('u-pg-edu', caseId, 'C2');

    // at the Temporal port, without the keys: no assertion at all
    const outsider = new Client({ connection: stack.env.connection, namespace: 'default' });
    const update = (client: Client) =>
      client.workflow
        .getHandle(caseId)
        .executeUpdate(decideTaskUpdate, { args: [{ actor: invented, taskId: c2.taskId, outcome: 'approve' }] });
    await expect(update(outsider)).rejects.toThrow();
    // signed under the stack's key id with a key of the intruder's own
    const kid = stack.trustEnv.ACTOR_ASSERTION_KEYS!.split(':')[0]!;
    const forgedTrust: TrustConfig = {
      assertion: { keys: [{ kid, key: new Uint8Array(randomBytes(32)) }], maxAgeMs: 300_000 },
      payload: { keys: [{ kid: 'x', key: new Uint8Array(randomBytes(32)) }] },
      devKeys: false,
    };
    const forger = new Client({
      connection: stack.env.connection,
      namespace: 'default',
      interceptors: trustedClientOptions(forgedTrust).interceptors,
    });
    await expect(update(forger)).rejects.toThrow();

    // the task is still open in the inbox, decided by nobody; the case stays at C2
    const inbox = await http.call('GET', `/api/inbox?caseId=${encodeURIComponent(caseId)}`, {
      token: tokens['u-pg-edu'],
    });
    expect(inbox.body.items).toEqual([expect.objectContaining({ taskId: c2.taskId, status: 'open' })]);
    // the API's own path: the real approver decides
    const decided = await d.decide('u-pg-edu', caseId, c2.taskId, { outcome: 'approve', comment: '同意' });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ stage: 'C4' });
    const view = await http.call('GET', `/api/cases/${encodeURIComponent(caseId)}`, { token: tokens['u-admin'] });
    const decisions = (view.body.timeline as { event: string; actorId: string | null }[]).filter(
      (e) => e.event === 'task.decided',
    );
    expect(decisions.map((e) => e.actorId)).toEqual(['u-pg-edu']);
  });

  it('shows ciphertext in history and to queries at the Temporal port; the codec endpoint decodes for administrators', async () => {
    const http = httpClient(stack.baseUrl);
    const reasons = '保密测试：基础教育处正式党员10名';
    const started = await http.call('POST', '/api/cases/establishment', {
      token: tokens['u-clerk'],
      body: establishmentBody({ reasons, parentOrgId: 'org-edu-oc', name: '基础教育处第二党支部' }),
    });
    expect(started.status).toBe(201);
    const { caseId } = started.body as { caseId: string };
    await establishmentDriver(http, tokens).openTask('u-pg-edu', caseId, 'C2');

    // what the Web UI reads (the same history API, no codec): every payload encrypted, the text nowhere in the clear
    const plain = new Client({ connection: stack.env.connection, namespace: 'default' });
    const history = await plain.workflow.getHandle(caseId).fetchHistory();
    const payloads = history.events!.flatMap((e) => [
      ...(e.workflowExecutionStartedEventAttributes?.input?.payloads ?? []),
      ...(e.activityTaskScheduledEventAttributes?.input?.payloads ?? []),
      ...(e.activityTaskCompletedEventAttributes?.result?.payloads ?? []),
    ]);
    expect(payloads.length).toBeGreaterThan(3);
    for (const p of payloads) {
      expect(Buffer.from(p.metadata!.encoding!).toString()).toBe(ENCRYPTED_ENCODING);
      expect(Buffer.from(p.data!).includes(Buffer.from('保密测试'))).toBe(false);
    }
    // a query from the Temporal port answers ciphertext the outsider cannot read
    await expect(plain.workflow.getHandle(caseId).query(caseStateQuery)).rejects.toThrow(/encoding/i);

    // the codec endpoint the Web UI is configured with: administrators read the input, others are refused
    const input = payloadToWire(history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!);
    const decode = (user: string) =>
      http.call('POST', '/api/codec/decode', { token: tokens[user], body: { payloads: [input] } });
    const forAdmin = await decode('u-admin');
    expect(forAdmin.status).toBe(200);
    const [decoded] = forAdmin.body.payloads as { metadata: Record<string, string>; data: string }[];
    expect(Buffer.from(decoded!.metadata.encoding!, 'base64').toString()).toBe('json/plain');
    expect(JSON.parse(Buffer.from(decoded!.data, 'base64').toString()).request.reasons).toBe(reasons);
    const forApprover = await decode('u-pg-edu');
    expect(forApprover.status).toBe(403);
    expect(forApprover.body.code).toBe('CODEC_NOT_ALLOWED');
    expect((await http.call('POST', '/api/codec/decode', { body: { payloads: [input] } })).status).toBe(401);

    await http.call('POST', `/api/cases/${encodeURIComponent(caseId)}/cancel`, {
      token: tokens['u-admin'],
      body: { reason: '测试结束' },
    });
  });

  it('refuses a case started straight at the Temporal port: the workflow fails before its first step, the API knows no such case', async () => {
    const http = httpClient(stack.baseUrl);
    const caseId = workflowIds.admission('org-fin-budget-br', 'p-applicant-02');
    const input: AdmissionInput = {
      caseId,
      orgId: 'org-fin-budget-br',
      orgPath: ['org-fin-budget-br', 'org-fin-oc', 'org-wc'],
      personId: 'p-applicant-02',
      personName: '冒名申请人',
      birthDate: '1990-01-01',
      applicationDate: '2026-12-01',
      upperCommitteeId: 'org-fin-oc',
      partyGroupBodyId: 'pg-finance',
      submittedBy: 'u-intruder',
      submittedAt: new Date().toISOString(),
      policyVersion: CURRENT_POLICY_VERSION,
    };
    const outsider = new Client({ connection: stack.env.connection, namespace: 'default' });
    const handle = await outsider.workflow.start(WORKFLOW_TYPES.admission, {
      taskQueue: TASK_QUEUE,
      workflowId: caseId,
      args: [input],
    });
    // the outsider cannot read the failure the worker wrote (encrypted); the history names its type
    const failed = await http.eventually(async () => {
      const history = await handle.fetchHistory();
      return history.events!.find((e) => e.workflowExecutionFailedEventAttributes)
        ?.workflowExecutionFailedEventAttributes;
    }, 'the start refused');
    expect(failed?.failure?.applicationFailureInfo).toMatchObject({
      type: ACTOR_ASSERTION_REFUSED,
      nonRetryable: true,
    });
    // the API's client holds the keys and reads it
    const err = await stack.client.workflow
      .getHandle(caseId)
      .result()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect(((err as WorkflowFailedError).cause as ApplicationFailure).type).toBe(ACTOR_ASSERTION_REFUSED);
    const history = await handle.fetchHistory();
    expect(history.events!.some((e) => e.activityTaskScheduledEventAttributes)).toBe(false);
    const view = await http.call('GET', `/api/cases/${encodeURIComponent(caseId)}`, { token: tokens['u-admin'] });
    expect(view.status).toBe(404);
  });

  it("starts the term clocks with the worker's key, and a term shift approved over the API moves the clock through signed signals; a forged shift signal is dropped", async () => {
    const http = httpClient(stack.baseUrl);
    const d = establishmentDriver(http, tokens);
    const clockId = workflowIds.termClock('org-fin-office-br');
    // started at worker start (term-clock bootstrap): signed by the worker's own client, so running, not failed
    const clock = stack.client.workflow.getHandle(clockId);
    expect((await clock.describe()).status.name).toBe('RUNNING');
    const before = await clock.query(termClockQuery);
    expect(before.shifts).toEqual([]);

    // someone at the Temporal port sends the clock a shift: dropped (the clock's view does not change)
    const outsider = new Client({ connection: stack.env.connection, namespace: 'default' });
    await outsider.workflow
      .getHandle(clockId)
      .signal(termShiftApprovedSignal, { caseId: 'forged', to: '2027-12-31', approvedAt: new Date().toISOString() });

    const started = await http.call('POST', '/api/orgs/org-fin-office-br/term-shifts', {
      token: tokens['u-sec-fin-office'],
      body: {
        plannedElectionDate: '2027-12-31',
        grounds: ['membersAway'],
        reasons: '多数党员参加专项工作外出，年底前返回',
      },
    });
    expect(started.status).toBe(201);
    const { caseId } = started.body as { caseId: string };
    const s1 = await d.openTask('u-pg-fin', caseId, 'S1');
    expect((await d.decide('u-pg-fin', caseId, s1.taskId, { outcome: 'approve' })).status).toBe(200);
    const s2 = await d.openTask('u-wc-approver', caseId, 'S2');
    expect((await d.decide('u-wc-approver', caseId, s2.taskId, { outcome: 'approve' })).status).toBe(200);
    const term = await http.eventually(async () => {
      const res = await http.call('GET', '/api/orgs/org-fin-office-br/term', { token: tokens['u-admin'] });
      const live = res.body.clock as { shiftedTo: string | null; shifts: { caseId: string }[] } | null;
      return live?.shiftedTo === '2027-12-31' ? live : undefined;
    }, 'the clock follows the approved shift');
    expect(term.shifts.map((s) => s.caseId)).toEqual([caseId]);
  });

  it("refuses an application for a member outside the secretary's scope without saying what they are", async () => {
    const http = httpClient(stack.baseUrl);
    const apply = (user: string, orgId: string) =>
      http.call('POST', '/api/admission-cases', {
        token: tokens[user],
        body: { orgId, personId: 'p-fin-t08', applicationDate: new Date().toISOString().slice(0, 10) },
      });
    // p-fin-t08's rights are suspended at the treasury branch, a sibling of the budget branch
    const outside = await apply('u-sec-fin-budget', 'org-fin-budget-br');
    expect([outside.status, outside.body.code]).toEqual([422, 'PERSON_NOT_ELIGIBLE']);
    expect(JSON.stringify(outside.body)).not.toMatch(/rightsSuspended|treasury|国库/);
    const own = await apply('u-sec-fin-treasury', 'org-fin-treasury-br');
    expect(own.body).toMatchObject({ code: 'ALREADY_MEMBER', numbers: { status: 'rightsSuspended' } });
  });
});
