import type { Client } from '@temporalio/client';
import request from 'supertest';
import type { CaseState, Task } from '../../../libs/contracts';
import {
  DEMO_IDS,
  DEMO_NEW_BRANCH_ROSTER,
  DEMO_NEW_BRANCH_UNIT,
  InboxRepository,
  type InboxTask,
} from '../../../libs/db';
import { CURRENT_POLICY_VERSION } from '../../../libs/domain';
import { createTestApp, unusedTemporalClient, type TestApp } from './api-test-app';

// PGlite boots a WASM Postgres per app; slow on a busy machine.
jest.setTimeout(60_000);

const O = DEMO_IDS.orgs;
const U = DEMO_IDS.users;

function establishmentRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const roster = [...DEMO_NEW_BRANCH_ROSTER];
  return {
    name: `中共${DEMO_NEW_BRANCH_UNIT}支部委员会`,
    proposedType: 'branch',
    parentOrgId: O.eduOrganCommittee,
    departmentId: DEMO_IDS.departments.edu,
    unitName: DEMO_NEW_BRANCH_UNIT,
    natureOfWork: '行政机关',
    staffHeadcount: 20,
    rosterPersonIds: roster,
    legalBasis: '《中国共产党党和国家机关基层组织工作条例》第七条',
    reasons: '处室党员人数达到成立党支部条件',
    committeeSeats: 3,
    positions: [],
    slate: roster.slice(0, 4).map((personId, i) => ({ personId, name: `候选人${i + 1}` })),
    coveredUnits: [],
    plannedElectionDate: '2026-12-15',
    ...overrides,
  };
}

function task(caseId: string, step: string, overrides: Partial<Task> = {}): Task {
  return {
    taskId: `${caseId}/${step}/1`,
    caseId,
    procedure: 'establishment',
    orgId: caseId.slice('establishment:'.length),
    step,
    kind: 'approval',
    title: step,
    titleEn: step,
    assignedBodyId: DEMO_IDS.partyGroups.edu,
    assigneeUserIds: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    dueAt: null,
    status: 'open',
    outcome: null,
    decidedBy: null,
    decidedAt: null,
    comment: null,
    remindedAt: null,
    escalatedToBodyId: null,
    escalatedAt: null,
    ...overrides,
  };
}

function caseState(caseId: string, overrides: Partial<CaseState> = {}): CaseState {
  const orgId = caseId.slice('establishment:'.length);
  return {
    caseId,
    procedure: 'establishment',
    orgId,
    orgPath: [orgId, O.eduOrganCommittee, O.workCommittee],
    title: 't',
    submittedBy: U.eduSubmitter,
    submittedAt: '2026-01-01T00:00:00.000Z',
    status: 'active',
    stage: 'C2',
    policyVersion: CURRENT_POLICY_VERSION,
    pendingTasks: [],
    timeline: [],
    closedAt: null,
    closeReason: null,
    data: { request: establishmentRequest() },
    ...overrides,
  };
}

interface RecordedUpdate {
  workflowId: string;
  update: string;
  updateId: string | undefined;
  arg: Record<string, unknown>;
}

/** Temporal stub: answers caseState / electionState queries from `states` and records every update. */
function recordingClient(states: Map<string, CaseState>, updates: RecordedUpdate[]): Client {
  const client = unusedTemporalClient() as unknown as { workflow: Record<string, unknown> };
  client.workflow.getHandle = (workflowId: string) => ({
    query: async (def: { name: string } | string) => {
      const name = typeof def === 'string' ? def : def.name;
      if (name === 'electionState') return { electionWorkflowId: workflowId };
      const state = states.get(workflowId);
      if (!state) throw new Error(`no state for ${workflowId}`);
      return state;
    },
    executeUpdate: async (def: { name: string }, opts: { args: [Record<string, unknown>]; updateId?: string }) => {
      updates.push({ workflowId, update: def.name, updateId: opts.updateId, arg: opts.args[0] });
      if (def.name === 'decideTask') {
        return {
          taskId: opts.args[0].taskId,
          outcome: opts.args[0].outcome,
          caseStatus: 'active',
          stage: 'C2',
          nextTaskIds: [],
        };
      }
      if (def.name === 'withdrawCase') return { caseId: workflowId, status: 'withdrawn' };
      return { workflowId };
    },
  });
  return client as unknown as Client;
}

describe('case commands through the API (Temporal stubbed, real PGlite)', () => {
  let t: TestApp;
  const states = new Map<string, CaseState>();
  const updates: RecordedUpdate[] = [];
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({}, recordingClient(states, updates));
    for (const userId of Object.values(U)) {
      const res = await request(t.app.getHttpServer()).post('/api/auth/dev-token').send({ userId }).expect(200);
      tokens[userId] = `Bearer ${res.body.accessToken as string}`;
    }
  });
  afterAll(() => t.close());
  beforeEach(() => {
    updates.length = 0;
  });

  const post = (userId: string, path: string, body: unknown, key?: string) => {
    const req = request(t.app.getHttpServer()).post(path).set('Authorization', tokens[userId]!);
    if (key) req.set('Idempotency-Key', key);
    return req.send(body as object);
  };
  const get = (userId: string, path: string) =>
    request(t.app.getHttpServer()).get(path).set('Authorization', tokens[userId]!);
  const decisionPath = (caseId: string, taskId: string) =>
    `/api/cases/${encodeURIComponent(caseId)}/tasks/${encodeURIComponent(taskId)}/decision`;

  describe('revision of the request report (C3 submit)', () => {
    const caseId = 'establishment:org-rev';
    const c3 = task(caseId, 'C3', { kind: 'input', assignedBodyId: null, assigneeUserIds: [U.eduSubmitter] });
    beforeAll(() => {
      states.set(caseId, caseState(caseId, { stage: 'C3', pendingTasks: [c3] }));
    });
    const submit = (payload: Record<string, unknown>) =>
      post(U.eduSubmitter, decisionPath(caseId, c3.taskId), { outcome: 'submit', payload });

    it('drops client roster counts and sends the parsed request with counts computed from the registry', async () => {
      const revised = establishmentRequest({ staffHeadcount: 25 });
      delete revised.positions;
      await submit({ request: revised, rosterCounts: { full: 500, probationary: 0, total: 500 }, extra: 1 }).expect(
        200,
      );
      expect(updates).toHaveLength(1);
      expect(updates[0]!.arg.payload).toEqual({
        request: { ...establishmentRequest({ staffHeadcount: 25 }), positions: [] },
        rosterCounts: { full: 10, probationary: 2, total: 12 },
      });
    });

    it('never forwards client roster counts, even without a revised request', async () => {
      await submit({ rosterCounts: { full: 500, probationary: 0, total: 500 } }).expect(200);
      expect(updates[0]!.arg.payload).toEqual({});
    });

    it('answers 400 naming fields as payload.request.<path>', async () => {
      const res = await submit({
        request: establishmentRequest({ staffHeadcount: -1, slate: [{ personId: 'p', name: '' }] }),
      });
      expect(res.status).toBe(400);
      expect((res.body.issues as { path: string }[]).map((i) => i.path).sort()).toEqual([
        'payload.request.slate.0.name',
        'payload.request.staffHeadcount',
      ]);
      expect(updates).toHaveLength(0);
    });

    it.each([
      ['parentOrgId', O.financeOrganCommittee],
      ['departmentId', DEMO_IDS.departments.finance],
    ])('refuses a revision changing %s with 422 REVISION_FIXED_FIELD', async (field, value) => {
      const res = await submit({ request: establishmentRequest({ [field]: value }) }).expect(422);
      expect(res.body).toMatchObject({ code: 'REVISION_FIXED_FIELD', numbers: { field } });
      expect(updates).toHaveLength(0);
    });

    it('runs the eligibility, surplus and candidate checks of a first submission (422)', async () => {
      const ineligible = await submit({
        request: establishmentRequest({ proposedType: 'generalBranch', committeeSeats: 5 }),
      });
      expect(ineligible.status).toBe(422);
      expect(ineligible.body).toMatchObject({ code: 'ELIGIBILITY_MIN_MEMBERS', numbers: { memberCount: 12 } });
      const slate = DEMO_NEW_BRANCH_ROSTER.slice(0, 3).map((personId) => ({ personId, name: personId }));
      expect((await submit({ request: establishmentRequest({ slate }) })).body.code).toBe('SLATE_SURPLUS');
      const probationary = DEMO_NEW_BRANCH_ROSTER[11]!;
      const withProbationary = [...DEMO_NEW_BRANCH_ROSTER.slice(0, 3), probationary].map((personId) => ({
        personId,
        name: personId,
      }));
      const candidate = await submit({ request: establishmentRequest({ slate: withProbationary }) });
      expect(candidate.body).toMatchObject({
        code: 'SLATE_CANDIDATE_NOT_ELIGIBLE',
        numbers: { personId: probationary },
      });
      expect(updates).toHaveLength(0);
    });
  });

  describe('escalation does not hand a task over', () => {
    const caseId = 'establishment:org-esc';
    const row: InboxTask = {
      ...task(caseId, 'C2', { escalatedToBodyId: O.eduOrganCommittee, escalatedAt: '2026-02-01T00:00:00.000Z' }),
      orgPath: [caseId.slice('establishment:'.length), O.eduOrganCommittee, O.workCommittee],
      caseTitle: 't',
    };
    beforeAll(async () => {
      states.set(caseId, caseState(caseId, { submittedBy: 'u-other', pendingTasks: [row] }));
      await new InboxRepository(t.database).upsertTask(row);
    });

    it('shows the escalated task in the upper body inbox and lets it read the case', async () => {
      // u-edu-oc-approver is approver (and admin) at org-edu-oc; use the work committee approver for a pure approver.
      const inbox = await get(U.eduOrganCommitteeApprover, '/api/inbox').expect(200);
      expect((inbox.body.items as { taskId: string }[]).map((i) => i.taskId)).toContain(row.taskId);
      await get(U.eduOrganCommitteeApprover, `/api/cases/${encodeURIComponent(caseId)}`).expect(200);
    });

    it('refuses a decision by an approver of the escalated-to body with 403 NOT_ASSIGNED, before any update', async () => {
      const res = await post(U.eduOrganCommitteeApprover, decisionPath(caseId, row.taskId), { outcome: 'approve' });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('NOT_ASSIGNED');
      expect(updates).toHaveLength(0);
      await post(U.eduPartyGroupApprover, decisionPath(caseId, row.taskId), { outcome: 'approve' }).expect(200);
      expect(updates).toHaveLength(1);
    });
  });

  describe('Idempotency-Key scoping', () => {
    const caseId = 'establishment:org-idem';
    const c2 = task(caseId, 'C2', { assignedBodyId: DEMO_IDS.partyGroups.edu });
    beforeAll(() => {
      states.set(caseId, caseState(caseId, { pendingTasks: [c2] }));
    });

    it('scopes the update id to user, operation and target; an identical retry maps to the same id', async () => {
      const path = decisionPath(caseId, c2.taskId);
      await post(U.eduPartyGroupApprover, path, { outcome: 'approve' }, 'k-1').expect(200);
      await post(U.eduPartyGroupApprover, path, { outcome: 'approve' }, 'k-1').expect(200);
      await post(U.eduSubmitter, `/api/cases/${encodeURIComponent(caseId)}/withdraw`, {}, 'k-1').expect(200);
      await post(U.admin, `/api/cases/${encodeURIComponent(caseId)}/cancel`, { reason: '重复' }, 'k-1').expect(200);
      expect(updates.map((u) => [u.update, u.updateId])).toEqual([
        ['decideTask', `${U.eduPartyGroupApprover}:decide:${c2.taskId}:k-1`],
        ['decideTask', `${U.eduPartyGroupApprover}:decide:${c2.taskId}:k-1`],
        ['withdrawCase', `${U.eduSubmitter}:withdraw:${caseId}:k-1`],
        ['cancelCase', `${U.admin}:cancel:${caseId}:k-1`],
      ]);
    });

    it('refuses the same key with another request (422 IDEMPOTENCY_KEY_REUSED) before anything reaches the case', async () => {
      const path = decisionPath(caseId, c2.taskId);
      await post(U.eduPartyGroupApprover, path, { outcome: 'approve', comment: '同意' }, 'k-2').expect(200);
      // the same body with its keys in another order is the same request
      await post(U.eduPartyGroupApprover, path, { comment: '同意', outcome: 'approve' }, 'k-2').expect(200);
      const reused = await post(U.eduPartyGroupApprover, path, { outcome: 'reject', comment: '不同意' }, 'k-2');
      expect([reused.status, reused.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
      expect(updates).toHaveLength(2);
    });

    it('leaves the update id to Temporal without a key', async () => {
      await post(U.eduPartyGroupApprover, decisionPath(caseId, c2.taskId), { outcome: 'approve' }).expect(200);
      expect(updates[0]!.updateId).toBeUndefined();
    });
  });

  describe('withdraw pre-check', () => {
    const active = 'establishment:org-wd';
    const closed = 'establishment:org-wd-closed';
    beforeAll(() => {
      states.set(active, caseState(active));
      states.set(closed, caseState(closed, { status: 'completed' }));
    });

    it('refuses a visible non-submitter (403 NOT_SUBMITTER) and a finished case (409) before any update', async () => {
      const notSubmitter = await post(U.admin, `/api/cases/${encodeURIComponent(active)}/withdraw`, {});
      expect([notSubmitter.status, notSubmitter.body.code]).toEqual([403, 'NOT_SUBMITTER']);
      const notActive = await post(U.eduSubmitter, `/api/cases/${encodeURIComponent(closed)}/withdraw`, {});
      expect([notActive.status, notActive.body.code]).toEqual([409, 'CASE_NOT_ACTIVE']);
      const hidden = await post(U.financePartyGroupApprover, `/api/cases/${encodeURIComponent(active)}/withdraw`, {});
      expect([hidden.status, hidden.body.code]).toEqual([403, 'NOT_VISIBLE']);
      expect(updates).toHaveLength(0);
      await post(U.eduSubmitter, `/api/cases/${encodeURIComponent(active)}/withdraw`, {}).expect(200);
      expect(updates).toEqual([expect.objectContaining({ workflowId: active, update: 'withdrawCase' })]);
    });
  });

  describe('election routes', () => {
    const caseId = 'establishment:org-el';
    const notStarted = 'establishment:org-el-none';
    const childId = 'establishment:org-el:election:officers-2';
    const election = (id: string, path: string) => `/api/cases/${encodeURIComponent(id)}/election${path}`;
    beforeAll(() => {
      states.set(
        caseId,
        caseState(caseId, { stage: 'C6', data: { request: establishmentRequest(), electionWorkflowId: childId } }),
      );
      states.set(notStarted, caseState(notStarted));
    });

    it('routes updates and the election query to data.electionWorkflowId', async () => {
      const key = 'm-1';
      const meeting = { meetingDate: '2026-12-15', presentVoterIds: ['p-edu-01'] };
      await post(U.eduSubmitter, election(caseId, '/meetings'), meeting, key).expect(200);
      await post(
        U.eduSubmitter,
        election(caseId, '/ballots'),
        { roundId: 'r-1', ballots: [{ marks: {} }] },
        key,
      ).expect(200);
      expect(updates.map((u) => [u.workflowId, u.update, u.updateId])).toEqual([
        [childId, 'openMeeting', `${U.eduSubmitter}:openMeeting:${caseId}:${key}`],
        [childId, 'submitBallots', `${U.eduSubmitter}:submitBallots:r-1:${key}`],
      ]);
      const state = await get(U.eduSubmitter, election(caseId, '')).expect(200);
      expect(state.body).toEqual({ electionWorkflowId: childId });
    });

    it('answers 404 ELECTION_NOT_STARTED when the case has no election child yet', async () => {
      const res = await post(U.eduSubmitter, election(notStarted, '/meetings'), {
        meetingDate: '2026-12-15',
        presentVoterIds: [],
      });
      expect([res.status, res.body.code]).toEqual([404, 'ELECTION_NOT_STARTED']);
      expect((await get(U.eduSubmitter, election(notStarted, ''))).body.code).toBe('ELECTION_NOT_STARTED');
    });

    it('refuses a visible non-clerk (403 NOT_ELECTION_CLERK) and an outsider (403 NOT_VISIBLE)', async () => {
      const body = { roundId: 'r-1', ballotsIssued: 3 };
      const admin = await post(U.admin, election(caseId, '/rounds/r-1/close'), body);
      expect([admin.status, admin.body.code]).toEqual([403, 'NOT_ELECTION_CLERK']);
      const outsider = await post(U.financePartyGroupApprover, election(caseId, '/rounds/r-1/close'), body);
      expect([outsider.status, outsider.body.code]).toEqual([403, 'NOT_VISIBLE']);
      expect(updates).toHaveLength(0);
    });

    it('closes the round named by the path with a body of ballotsIssued only (a matching roundId still accepted)', async () => {
      await post(U.eduSubmitter, election(caseId, '/rounds/r-7/close'), { ballotsIssued: 10 }).expect(200);
      await post(U.eduSubmitter, election(caseId, '/rounds/r-7/close'), { roundId: 'r-7', ballotsIssued: 9 }).expect(
        200,
      );
      const mismatch = await post(U.eduSubmitter, election(caseId, '/rounds/r-7/close'), {
        roundId: 'r-8',
        ballotsIssued: 9,
      });
      expect([mismatch.status, mismatch.body.code]).toEqual([400, 'ROUND_MISMATCH']);
      expect(updates.map((u) => [u.update, u.arg.input])).toEqual([
        ['closeRound', { roundId: 'r-7', ballotsIssued: 10 }],
        ['closeRound', { roundId: 'r-7', ballotsIssued: 9 }],
      ]);
    });
  });
});
