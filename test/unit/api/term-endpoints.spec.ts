import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import type { CaseState, TermClockView } from '../../../libs/contracts';
import {
  CaseSummaryRepository,
  DEMO_IDS,
  RegistryRepository,
  demoRelativeTerms,
  organizations,
} from '../../../libs/db';
import { CURRENT_POLICY_VERSION, addToDate } from '../../../libs/domain';
import { todayIso } from '../../../apps/api/src/common/today';
import { createTestApp, unusedTemporalClient, type TestApp } from './api-test-app';

// PGlite boots a WASM Postgres per app; slow on a busy machine.
jest.setTimeout(60_000);

const O = DEMO_IDS.orgs;
const U = DEMO_IDS.users;
const S = DEMO_IDS.secretaries;

interface StartCall {
  workflowType: string;
  workflowId: string;
  input: Record<string, unknown>;
  searchAttributes: Record<string, unknown>;
}

interface Stub {
  clocks: Map<string, TermClockView>;
  cases: Map<string, CaseState>;
  taken: Set<string>;
  /** taken ids whose case has closed (describe answers COMPLETED); other taken ids are running */
  closed: Set<string>;
  starts: StartCall[];
  queried: string[];
  updates: { workflowId: string; update: string; arg: Record<string, unknown> }[];
}

/** Temporal stub: term clock and case queries from maps, starts recorded, ids in `taken` already exist. */
function stubClient(stub: Stub): Client {
  const client = unusedTemporalClient() as unknown as { workflow: Record<string, unknown> };
  client.workflow.start = async (
    workflowType: string,
    opts: {
      workflowId: string;
      args: [Record<string, unknown>];
      typedSearchAttributes: { key: { name: string }; value: unknown }[];
    },
  ) => {
    if (stub.taken.has(opts.workflowId)) {
      throw new WorkflowExecutionAlreadyStartedError('already started', opts.workflowId, workflowType);
    }
    stub.taken.add(opts.workflowId);
    stub.starts.push({
      workflowType,
      workflowId: opts.workflowId,
      input: opts.args[0],
      searchAttributes: Object.fromEntries(opts.typedSearchAttributes.map((a) => [a.key.name, a.value])),
    });
    return {};
  };
  client.workflow.getHandle = (workflowId: string) => ({
    describe: async () => {
      if (!stub.taken.has(workflowId)) throw new WorkflowNotFoundError('not found', workflowId, undefined);
      return { status: { name: stub.closed.has(workflowId) ? 'COMPLETED' : 'RUNNING' } };
    },
    query: async (def: { name: string }) => {
      stub.queried.push(workflowId);
      if (def.name === 'termClock') {
        const view = stub.clocks.get(workflowId);
        if (!view) throw new WorkflowNotFoundError('not found', workflowId, undefined);
        return view;
      }
      if (def.name === 'electionState') return { electionWorkflowId: workflowId };
      const state = stub.cases.get(workflowId);
      if (!state) throw new WorkflowNotFoundError('not found', workflowId, undefined);
      return state;
    },
    executeUpdate: async (def: { name: string }, opts: { args: [Record<string, unknown>] }) => {
      stub.updates.push({ workflowId, update: def.name, arg: opts.args[0] });
      return {
        taskId: opts.args[0].taskId,
        outcome: opts.args[0].outcome,
        caseStatus: 'active',
        stage: 'E2',
        nextTaskIds: [],
      };
    },
  });
  return client as unknown as Client;
}

function clockView(orgId: string, termEnd: string, overrides: Partial<TermClockView> = {}): TermClockView {
  return {
    orgId,
    termNo: 2,
    termStart: addToDate(addToDate(termEnd, { days: 1 }), { years: -3 }),
    termEnd,
    shiftedTo: null,
    electionDue: termEnd,
    state: 'dueSoon',
    electionCaseId: null,
    shifts: [],
    ...overrides,
  };
}

describe('term and vacancy endpoints (Temporal stubbed, real PGlite)', () => {
  let t: TestApp;
  const stub: Stub = {
    clocks: new Map(),
    cases: new Map(),
    taken: new Set(),
    closed: new Set(),
    starts: [],
    queried: [],
    updates: [],
  };
  const tokens: Record<string, string> = {};
  const today = todayIso();
  const terms = demoRelativeTerms(today);

  beforeAll(async () => {
    t = await createTestApp({}, stubClient(stub));
    for (const userId of [...Object.values(U), ...Object.values(S)]) {
      const res = await request(t.app.getHttpServer()).post('/api/auth/dev-token').send({ userId }).expect(200);
      tokens[userId] = `Bearer ${res.body.accessToken as string}`;
    }
  });
  afterAll(() => t.close());
  beforeEach(() => {
    stub.starts.length = 0;
    stub.queried.length = 0;
    stub.updates.length = 0;
    stub.clocks.clear();
  });

  const get = (userId: string, path: string) =>
    request(t.app.getHttpServer()).get(path).set('Authorization', tokens[userId]!);
  const post = (userId: string, path: string, body: unknown) =>
    request(t.app.getHttpServer())
      .post(path)
      .set('Authorization', tokens[userId]!)
      .send(body as object);
  const setTerm = (orgId: string, values: Partial<typeof organizations.$inferInsert>) =>
    t.database.db.update(organizations).set(values).where(eq(organizations.id, orgId));

  describe('GET /api/orgs/term-states', () => {
    it('is not taken for an org id and lists the overdue elections with the days overdue (RULES H-19)', async () => {
      const res = await get(U.admin, '/api/orgs/term-states?state=overdue').expect(200);
      expect(res.body.asOf).toBe(today);
      expect(res.body.items.map((i: { orgId: string }) => i.orgId)).toEqual([O.eduHrBranch]);
      const [hr] = res.body.items;
      expect(hr).toMatchObject({
        state: 'overdue',
        stateSource: 'computed',
        termEnd: terms.eduHrBranch.termEnd,
        electionDue: terms.eduHrBranch.termEnd,
        shiftedTo: null,
      });
      const expectedDays = Math.round((Date.parse(today) - Date.parse(terms.eduHrBranch.termEnd)) / 86_400_000);
      expect(hr.daysOverdue).toBe(expectedDays);
      expect(res.body.nextCursor).toBeNull();
    });

    it('computes dueSoon inside the 6-month lead and keeps other orgs current, limited to the subtree', async () => {
      const res = await get(U.eduOrganCommitteeApprover, `/api/orgs/term-states?orgId=${O.eduOrganCommittee}`).expect(
        200,
      );
      const byId = Object.fromEntries(res.body.items.map((i: { orgId: string; state: string }) => [i.orgId, i.state]));
      expect(byId[O.eduPolicyBranch]).toBe('dueSoon');
      expect(byId[O.eduHrBranch]).toBe('overdue');
      expect(Object.keys(byId)).not.toContain(O.financeGeneralBranch);
      expect(Object.keys(byId)).toContain(O.eduOrganCommittee);
      // ordered by the date the election is due
      const dues = res.body.items.map((i: { electionDue: string }) => i.electionDue);
      expect([...dues].sort()).toEqual(dues);
    });

    it("prefers the term clock's projection and filters approved shifts", async () => {
      const shiftedTo = addToDate(terms.eduPolicyBranch.termEnd, { months: 6 });
      await setTerm(O.eduPolicyBranch, { termState: 'electionOpen', electionDue: shiftedTo, electionCaseId: 'x' });
      try {
        const res = await get(U.admin, '/api/orgs/term-states?shifted=true').expect(200);
        expect(res.body.items).toHaveLength(1);
        expect(res.body.items[0]).toMatchObject({
          orgId: O.eduPolicyBranch,
          state: 'electionOpen',
          stateSource: 'clock',
          shiftedTo,
          electionDue: shiftedTo,
          electionCaseId: 'x',
          daysOverdue: null,
        });
        const open = await get(U.admin, '/api/orgs/term-states?state=electionOpen').expect(200);
        expect(open.body.items.map((i: { orgId: string }) => i.orgId)).toEqual([O.eduPolicyBranch]);
      } finally {
        await setTerm(O.eduPolicyBranch, { termState: null, electionDue: null, electionCaseId: null });
      }
    });

    it('answers 400 for an unknown state and 404 for an unknown subtree root', async () => {
      expect((await get(U.admin, '/api/orgs/term-states?state=late').expect(400)).body.code).toBe('VALIDATION_FAILED');
      expect((await get(U.admin, '/api/orgs/term-states?orgId=org-nope').expect(404)).body.code).toBe('ORG_NOT_FOUND');
    });
  });

  describe('GET /api/orgs/:orgId/term', () => {
    it('returns the registry term and the live clock queried on termClock:<orgId>', async () => {
      const view = clockView(O.eduPolicyBranch, terms.eduPolicyBranch.termEnd);
      stub.clocks.set(`termClock:${O.eduPolicyBranch}`, view);
      const res = await get(U.clerk, `/api/orgs/${O.eduPolicyBranch}/term`).expect(200);
      expect(res.body.clock).toEqual(view);
      expect(res.body.registry).toMatchObject({ orgId: O.eduPolicyBranch, termEnd: terms.eduPolicyBranch.termEnd });
      expect(stub.queried).toEqual([`termClock:${O.eduPolicyBranch}`]);
    });

    it('answers clock null when no clock runs, 404 for an unknown org', async () => {
      const res = await get(U.clerk, `/api/orgs/${O.eduHrBranch}/term`).expect(200);
      expect(res.body.clock).toBeNull();
      expect(res.body.registry.state).toBe('overdue');
      expect((await get(U.clerk, '/api/orgs/org-nope/term').expect(404)).body.code).toBe('ORG_NOT_FOUND');
    });
  });

  describe('POST /api/orgs/:orgId/term-shifts', () => {
    const termEnd = () => terms.eduPolicyBranch.termEnd;
    const shift = (plannedElectionDate: string) => ({
      plannedElectionDate,
      grounds: ['membersAway'],
      reasons: '多数党员外出执行任务，无法召开党员大会',
    });
    const path = `/api/orgs/${O.eduPolicyBranch}/term-shifts`;
    beforeEach(() => stub.clocks.set(`termClock:${O.eduPolicyBranch}`, clockView(O.eduPolicyBranch, termEnd())));

    it('starts termShift:<orgId>:<termNo>:1 with the bodies from the registry (201)', async () => {
      const planned = addToDate(termEnd(), { months: 12 });
      const res = await post(S.eduPolicyBranch, path, shift(planned)).expect(201);
      expect(res.body).toEqual({
        caseId: `termShift:${O.eduPolicyBranch}:2:1`,
        orgId: O.eduPolicyBranch,
        status: 'active',
      });
      expect(stub.starts).toHaveLength(1);
      const [start] = stub.starts;
      expect(start!.workflowType).toBe('termShiftWorkflow');
      expect(start!.workflowId).toBe(res.body.caseId);
      expect(start!.input).toMatchObject({
        caseId: res.body.caseId,
        orgId: O.eduPolicyBranch,
        orgPath: [O.eduPolicyBranch, O.eduOrganCommittee, O.workCommittee],
        termNo: 2,
        termEnd: termEnd(),
        request: shift(planned),
        partyGroupBodyId: DEMO_IDS.partyGroups.edu,
        workCommitteeBodyId: O.workCommittee,
        submittedBy: S.eduPolicyBranch,
        policyVersion: CURRENT_POLICY_VERSION,
      });
      expect(start!.searchAttributes).toMatchObject({
        Procedure: 'termElection',
        OrgId: O.eduPolicyBranch,
        Stage: 'S1',
      });
    });

    it('lets a submitter at the parent org request it, and numbers after known and taken cases', async () => {
      const summaries = new CaseSummaryRepository(t.database);
      await summaries.upsert({
        caseId: `termShift:${O.eduPolicyBranch}:2:4`,
        procedure: 'termElection',
        orgId: O.eduPolicyBranch,
        orgPath: [O.eduPolicyBranch, O.eduOrganCommittee, O.workCommittee],
        title: 'shift',
        status: 'rejected',
        stage: 'S1',
        submittedBy: S.eduPolicyBranch,
        submittedAt: new Date().toISOString(),
        pendingBodyIds: [],
        dueAt: null,
        closedAt: null,
      });
      stub.taken.add(`termShift:${O.eduPolicyBranch}:2:5`);
      stub.closed.add(`termShift:${O.eduPolicyBranch}:2:5`);
      const res = await post(U.eduSubmitter, path, shift(addToDate(termEnd(), { months: -3 }))).expect(201);
      expect(res.body.caseId).toBe(`termShift:${O.eduPolicyBranch}:2:6`);
    });

    it('refuses a 13-month delay with 422 and the window, starting nothing (RULES §B.3)', async () => {
      const planned = addToDate(termEnd(), { months: 13 });
      const res = await post(S.eduPolicyBranch, path, shift(planned)).expect(422);
      expect(res.body).toMatchObject({
        code: 'TERM_DELAY_EXCEEDED',
        rule: 'RULES §B.3',
        numbers: { termEnd: termEnd(), planned, latest: addToDate(termEnd(), { years: 1 }), electionDue: termEnd() },
      });
      expect(typeof res.body.numbers.shiftDays).toBe('number');
      expect(stub.starts).toHaveLength(0);
    });

    it('counts the cap from T even after an approved shift', async () => {
      const shifted = addToDate(termEnd(), { months: 6 });
      stub.clocks.set(
        `termClock:${O.eduPolicyBranch}`,
        clockView(O.eduPolicyBranch, termEnd(), { shiftedTo: shifted, electionDue: shifted }),
      );
      const res = await post(S.eduPolicyBranch, path, shift(addToDate(shifted, { months: 7 }))).expect(422);
      expect(res.body.code).toBe('TERM_DELAY_EXCEEDED');
      const same = await post(S.eduPolicyBranch, path, shift(shifted)).expect(422);
      expect(same.body.code).toBe('TERM_SHIFT_NO_CHANGE');
    });

    it('refuses a date in the past, other submitters, a missing clock and a pending shift', async () => {
      const past = await post(S.eduPolicyBranch, path, shift(addToDate(today, { days: -1 }))).expect(422);
      expect(past.body.code).toBe('TERM_SHIFT_IN_PAST');
      const planned = addToDate(termEnd(), { months: 2 });
      expect((await post(S.financeGeneralBranch, path, shift(planned)).expect(403)).body.code).toBe('NOT_SUBMITTER');
      const noClock = await post(S.eduHrBranch, `/api/orgs/${O.eduHrBranch}/term-shifts`, shift(planned)).expect(409);
      expect(noClock.body.code).toBe('TERM_CLOCK_NOT_RUNNING');
      const summaries = new CaseSummaryRepository(t.database);
      const pending = await summaries.get(`termShift:${O.eduPolicyBranch}:2:4`);
      await summaries.upsert({ ...pending!, caseId: `termShift:${O.eduPolicyBranch}:2:9`, status: 'active' });
      const res = await post(S.eduPolicyBranch, path, shift(planned)).expect(409);
      expect(res.body).toMatchObject({
        code: 'TERM_SHIFT_PENDING',
        numbers: { caseId: `termShift:${O.eduPolicyBranch}:2:9` },
      });
      await summaries.upsert({ ...pending!, caseId: `termShift:${O.eduPolicyBranch}:2:9`, status: 'withdrawn' });
      expect(stub.starts).toHaveLength(0);
    });

    it('validates the body (400)', async () => {
      const res = await post(S.eduPolicyBranch, path, { plannedElectionDate: 'soon', grounds: [], reasons: '' });
      expect(res.status).toBe(400);
      expect(res.body.issues.map((i: { path: string }) => i.path).sort()).toEqual([
        'grounds',
        'plannedElectionDate',
        'reasons',
      ]);
    });
  });

  describe('POST /api/orgs/:orgId/vacancies', () => {
    const path = `/api/orgs/${O.budgetBranch}/vacancies`;
    const vacancy = (overrides: Record<string, unknown> = {}) => ({
      personId: 'p-fin-b05',
      post: 'committeeMember',
      reason: 'transferred',
      occurredOn: addToDate(today, { days: -10 }),
      ...overrides,
    });

    it('opens byElection:<orgId>:<n> for held posts (201)', async () => {
      const res = await post(S.budgetBranch, path, { vacancies: [vacancy()] }).expect(201);
      expect(res.body).toEqual({ caseId: `byElection:${O.budgetBranch}:1`, orgId: O.budgetBranch, status: 'active' });
      const [start] = stub.starts;
      expect(start!.workflowType).toBe('byElectionWorkflow');
      expect(start!.input).toMatchObject({
        caseId: `byElection:${O.budgetBranch}:1`,
        orgPath: [O.budgetBranch, O.financeGeneralBranch, O.financeOrganCommittee, O.workCommittee],
        vacancies: [vacancy()],
        partyGroupBodyId: DEMO_IDS.partyGroups.finance,
        workCommitteeBodyId: O.workCommittee,
        submittedBy: S.budgetBranch,
      });
      const org = await new RegistryRepository(t.database).getOrg(O.budgetBranch);
      expect(start!.input.termEnd).toBe(org!.termEnd);
      expect(start!.input).not.toHaveProperty('appointment');
      expect(start!.searchAttributes).toMatchObject({ Procedure: 'byElection', Stage: 'B1' });
    });

    it('lets an approver above report it once the open by-election closed; a new case takes the next number', async () => {
      const report = () =>
        post(U.financeOrganCommitteeApprover, path, {
          vacancies: [vacancy({ personId: 'p-fin-b04', post: 'secretary', reason: 'resigned' })],
        });
      // byElection:…:1 still runs (its summary not written yet): the start itself finds it and refuses
      const pending = await report().expect(409);
      expect(pending.body).toMatchObject({
        code: 'BY_ELECTION_PENDING',
        numbers: { caseId: `byElection:${O.budgetBranch}:1` },
      });
      stub.closed.add(`byElection:${O.budgetBranch}:1`);
      const res = await report().expect(201);
      expect(res.body.caseId).toBe(`byElection:${O.budgetBranch}:2`);
    });

    it('with an Idempotency-Key a retried report returns the same case; another body with that key is refused', async () => {
      stub.closed.add(`byElection:${O.budgetBranch}:2`);
      const before = stub.starts.length;
      const body = { vacancies: [vacancy({ personId: 'p-fin-b04', post: 'secretary', reason: 'resigned' })] };
      const send = (b: unknown) => post(S.budgetBranch, path, b).set('Idempotency-Key', 'report-1');
      const [first, second] = await Promise.all([send(body), send(body)]);
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(second.body).toEqual(first.body);
      expect((await send(body).expect(201)).body).toEqual(first.body);
      const other = await send({ vacancies: [vacancy()] }).expect(422);
      expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(stub.starts.length - before).toBe(1);
      stub.closed.add(first.body.caseId as string);
    });

    it('two concurrent reports of the same vacancies open one by-election', async () => {
      const before = stub.starts.length;
      const body = { vacancies: [vacancy({ personId: 'p-fin-b04', post: 'secretary', reason: 'resigned' })] };
      const results = await Promise.all([post(S.budgetBranch, path, body), post(S.budgetBranch, path, body)]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(stub.starts.length - before).toBe(1);
    });

    it('refuses posts not held, future dates, duplicates and actors outside the org (no start)', async () => {
      const notHeld = await post(S.budgetBranch, path, {
        vacancies: [vacancy({ personId: 'p-fin-b06', post: 'secretary' })],
      });
      expect(notHeld.status).toBe(422);
      expect(notHeld.body).toMatchObject({ code: 'VACANCY_POST_NOT_HELD', numbers: { personId: 'p-fin-b06' } });
      const future = await post(S.budgetBranch, path, {
        vacancies: [vacancy({ occurredOn: addToDate(today, { days: 1 }) })],
      });
      expect(future.status).toBe(422);
      expect(future.body.code).toBe('VACANCY_IN_FUTURE');
      const twice = await post(S.budgetBranch, path, { vacancies: [vacancy(), vacancy()] });
      expect(twice.status).toBe(400);
      expect(twice.body.code).toBe('DUPLICATE_VACANCY');
      expect((await post(S.treasuryBranch, path, { vacancies: [vacancy()] }).expect(403)).body.code).toBe(
        'NOT_ALLOWED',
      );
      expect((await post(S.budgetBranch, path, { vacancies: [] }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      expect(stub.starts).toHaveLength(0);
    });
  });

  describe('POST /api/orgs/:orgId/appointments (RULES §D.8 item 6)', () => {
    const path = `/api/orgs/${O.eduPolicyBranch}/appointments`;
    let fullMemberWithoutPost = '';
    beforeAll(async () => {
      const registry = new RegistryRepository(t.database);
      const held = new Set((await registry.postsOf(O.eduPolicyBranch)).map((p) => p.personId));
      const roster = await registry.rosterAsOf(O.eduPolicyBranch, today);
      fullMemberWithoutPost = roster.find((m) => m.status === 'full' && !held.has(m.personId))!.personId;
    });
    const appointment = (overrides: Record<string, unknown> = {}) => ({
      personId: fullMemberWithoutPost,
      post: 'deputySecretary',
      reason: '支部工作需要',
      documentNo: '教机党〔2026〕5号',
      ...overrides,
    });

    it('an approver at the parent appoints a deputy to a free post: a by-election case carrying it (201)', async () => {
      const res = await post(U.eduOrganCommitteeApprover, path, appointment()).expect(201);
      expect(res.body.caseId).toMatch(new RegExp(`^byElection:${O.eduPolicyBranch}:\\d+$`));
      expect(stub.starts[0]!.input).toMatchObject({ vacancies: [], appointment: appointment() });
    });

    it('a held secretary post needs `vacated`, which ends the holder’s post', async () => {
      const refused = await post(U.workCommitteeApprover, path, appointment({ post: 'secretary' })).expect(422);
      expect(refused.body).toMatchObject({ code: 'POST_NOT_VACANT', numbers: { holderId: 'p-edu-pol01' } });
      const vacated = { personId: 'p-edu-pol01', reason: 'illness', occurredOn: today };
      for (const id of stub.taken) stub.closed.add(id); // the deputy's appointment case (previous test) has closed
      await post(U.workCommitteeApprover, path, { ...appointment({ post: 'secretary' }), vacated }).expect(201);
      expect(stub.starts[0]!.input).toMatchObject({
        vacancies: [{ ...vacated, post: 'secretary' }],
        appointment: appointment({ post: 'secretary' }),
      });
      expect(stub.starts[0]!.input.appointment).not.toHaveProperty('vacated');
    });

    it('refuses actors not above the org and appointees who are not full members of it', async () => {
      expect((await post(S.eduPolicyBranch, path, appointment()).expect(403)).body.code).toBe('NOT_UPPER_APPROVER');
      expect((await post(U.financeOrganCommitteeApprover, path, appointment()).expect(403)).body.code).toBe(
        'NOT_UPPER_APPROVER',
      );
      const outsider = await post(U.eduOrganCommitteeApprover, path, appointment({ personId: 'p-fin-b05' }));
      expect(outsider.status).toBe(422);
      expect(outsider.body).toMatchObject({ code: 'APPOINTEE_NOT_ELIGIBLE', numbers: { status: 'notMember' } });
      expect(stub.starts).toHaveLength(0);
    });
  });

  describe('generic case routes with term-election and by-election case ids', () => {
    const electionCaseId = `election:${O.eduPolicyBranch}:2`;
    const byElectionCaseId = `byElection:${O.budgetBranch}:1`;
    const state = (caseId: string, procedure: CaseState['procedure'], orgPath: string[]): CaseState => ({
      caseId,
      procedure,
      orgId: orgPath[0]!,
      orgPath,
      title: 't',
      submittedBy: 'system:termClock',
      submittedAt: '2026-01-01T00:00:00.000Z',
      status: 'active',
      stage: 'E8',
      policyVersion: CURRENT_POLICY_VERSION,
      // a task at the org itself: the org's clerks see a case the term clock opened through its tasks
      pendingTasks: [
        {
          taskId: `${caseId}/E5/1`,
          caseId,
          procedure,
          orgId: orgPath[0]!,
          step: 'E5',
          kind: 'input',
          title: 'E5',
          titleEn: 'E5',
          assignedBodyId: orgPath[0]!,
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
        },
      ],
      timeline: [],
      closedAt: null,
      closeReason: null,
      data: { electionWorkflowId: `${caseId}:meeting:1` },
    });
    beforeAll(() => {
      stub.cases.set(
        electionCaseId,
        state(electionCaseId, 'termElection', [O.eduPolicyBranch, O.eduOrganCommittee, O.workCommittee]),
      );
      stub.cases.set(
        byElectionCaseId,
        state(byElectionCaseId, 'byElection', [
          O.budgetBranch,
          O.financeGeneralBranch,
          O.financeOrganCommittee,
          O.workCommittee,
        ]),
      );
    });

    it('reads the case and its election by the URL-encoded id', async () => {
      const res = await get(U.admin, `/api/cases/${encodeURIComponent(electionCaseId)}`).expect(200);
      expect(res.body.caseId).toBe(electionCaseId);
      const election = await get(S.eduPolicyBranch, `/api/cases/${encodeURIComponent(electionCaseId)}/election`).expect(
        200,
      );
      expect(election.body).toEqual({ electionWorkflowId: `${electionCaseId}:meeting:1` });
      await get(U.admin, `/api/cases/${encodeURIComponent(byElectionCaseId)}/election`).expect(200);
      expect(stub.queried).toContain(`${byElectionCaseId}:meeting:1`);
    });

    it('sends a decision to the workflow named by the encoded id', async () => {
      const taskId = `${electionCaseId}/E2/1`;
      await post(
        U.eduPartyGroupApprover,
        `/api/cases/${encodeURIComponent(electionCaseId)}/tasks/${encodeURIComponent(taskId)}/decision`,
        {
          outcome: 'approve',
        },
      ).expect(200);
      expect(stub.updates).toHaveLength(1);
      expect(stub.updates[0]).toMatchObject({ workflowId: electionCaseId, update: 'decideTask', arg: { taskId } });
    });
  });
});
