import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import type { CaseState, Task } from '../../../libs/contracts';
import {
  AdmissionReservationRepository,
  AuditRepository,
  CaseSummaryRepository,
  DEMO_IDS,
  admissionReservations,
  memberships,
  organizations,
  tasks,
  type CaseSummaryInput,
} from '../../../libs/db';
import { CURRENT_POLICY_VERSION, addToDate, checkApplicationDate, getPolicy, localDate } from '../../../libs/domain';
import { createTestApp, unusedTemporalClient, type TestApp } from './api-test-app';
import { openTaskFixture } from './task-fixture';

// PGlite boots a WASM Postgres per app; slow on a busy machine.
jest.setTimeout(60_000);

const O = DEMO_IDS.orgs;
const U = DEMO_IDS.users;
const S = DEMO_IDS.secretaries;
const A = DEMO_IDS.applicants;

interface StartCall {
  workflowType: string;
  options: Record<string, unknown> & { workflowId: string; args: [Record<string, unknown>] };
}

interface Stub {
  cases: Map<string, CaseState>;
  taken: Set<string>;
  /** workflow ids whose start fails with a connection error */
  failing: Set<string>;
  starts: StartCall[];
  updates: { workflowId: string; update: string; arg: Record<string, unknown>; updateId?: string }[];
}

/** Temporal stub: case queries from a map, starts and updates recorded, ids in `taken` are running already. */
function stubClient(stub: Stub): Client {
  const client = unusedTemporalClient() as unknown as { workflow: Record<string, unknown> };
  client.workflow.start = async (workflowType: string, options: StartCall['options']) => {
    if (stub.failing.has(options.workflowId)) throw new Error('Temporal unavailable');
    if (stub.taken.has(options.workflowId)) {
      throw new WorkflowExecutionAlreadyStartedError('already started', options.workflowId, workflowType);
    }
    stub.taken.add(options.workflowId);
    stub.starts.push({ workflowType, options });
    return {};
  };
  client.workflow.getHandle = (workflowId: string) => ({
    // the ids in `taken` run; every other id has no workflow
    describe: async () => {
      if (!stub.taken.has(workflowId)) throw new WorkflowNotFoundError('not found', workflowId, undefined);
      return { status: { name: 'RUNNING' }, startTime: new Date() };
    },
    query: async () => {
      const state = stub.cases.get(workflowId);
      if (!state) throw new WorkflowNotFoundError('not found', workflowId, undefined);
      return state;
    },
    executeUpdate: async (def: { name: string }, opts: { args: [Record<string, unknown>]; updateId?: string }) => {
      stub.updates.push({ workflowId, update: def.name, arg: opts.args[0], updateId: opts.updateId });
      if (def.name === 'changeCultivationContacts') {
        const change = opts.args[0].change as { contactIds: string[]; reason: string };
        return {
          fromContactIds: [],
          toContactIds: change.contactIds,
          effectiveDate: '2026-11-20',
          reason: change.reason,
        };
      }
      if (def.name === 'transferAdmission') {
        const transfer = opts.args[0].transfer as { toOrgId: string };
        return { caseId: workflowId, orgId: transfer.toOrgId, stage: 'E6', discussionFrom: null };
      }
      return {
        taskId: opts.args[0].taskId,
        outcome: opts.args[0].outcome,
        caseStatus: 'active',
        stage: 'E6',
        nextTaskIds: [],
      };
    },
  });
  return client as unknown as Client;
}

/** An open task of the budget branch's case. */
const task = (caseId: string, step: string): Task =>
  openTaskFixture({ caseId, step, orgId: O.budgetBranch, createdAt: '2026-11-01T00:00:00.000Z' });

const BUDGET_PATH = [O.budgetBranch, O.financeGeneralBranch, O.financeOrganCommittee, O.workCommittee];

function admissionCase(
  caseId: string,
  personId: string,
  pending: Task[],
  overrides: Partial<CaseState> = {},
): CaseState {
  return {
    caseId,
    procedure: 'admission',
    orgId: O.budgetBranch,
    orgPath: BUDGET_PATH,
    title: '发展党员：司马静怡',
    submittedBy: S.budgetBranch,
    submittedAt: '2026-11-01T00:00:00.000Z',
    status: 'active',
    stage: pending[0]?.step ?? 'E6',
    policyVersion: CURRENT_POLICY_VERSION,
    pendingTasks: pending,
    timeline: [],
    closedAt: null,
    closeReason: null,
    data: { personId, bodies: { upperCommitteeId: O.financeOrganCommittee, partyGroupBodyId: 'pg-finance' } },
    ...overrides,
  };
}

describe('member-development endpoints (Temporal stubbed, real PGlite)', () => {
  let t: TestApp;
  const stub: Stub = { cases: new Map(), taken: new Set(), failing: new Set(), starts: [], updates: [] };
  const tokens: Record<string, string> = {};
  // the organization's calendar date (China), which the API and the workflow use for "today"
  const today = localDate(new Date().toISOString(), getPolicy(CURRENT_POLICY_VERSION));

  beforeAll(async () => {
    t = await createTestApp({}, stubClient(stub));
    for (const userId of [...Object.values(U), ...Object.values(S)]) {
      const res = await request(t.app.getHttpServer()).post('/api/auth/dev-token').send({ userId }).expect(200);
      tokens[userId] = `Bearer ${res.body.accessToken as string}`;
    }
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    stub.starts.length = 0;
    stub.updates.length = 0;
    stub.taken.clear();
    stub.failing.clear();
    stub.cases.clear();
    // the workflows of earlier tests are gone from the stub: so are their reservations
    await t.database.db.delete(admissionReservations);
  });

  const get = (userId: string, path: string) =>
    request(t.app.getHttpServer()).get(path).set('Authorization', tokens[userId]!);
  const post = (userId: string, path: string, body: unknown) =>
    request(t.app.getHttpServer())
      .post(path)
      .set('Authorization', tokens[userId]!)
      .send(body as object);
  const start = (userId: string, body: Record<string, unknown>) => post(userId, '/api/admission-cases', body);
  const application = (personId: string, orgId: string = O.budgetBranch, applicationDate = '2026-10-15') => ({
    orgId,
    personId,
    applicationDate,
  });

  describe('POST /api/admission-cases (RULES §E step 1)', () => {
    it('starts admission:<org>:<person> with the approvers of the matrix and the reuse / conflict policies', async () => {
      const res = await start(S.budgetBranch, { ...application(A.budget), note: '本人递交书面申请' }).expect(201);
      const caseId = `admission:${O.budgetBranch}:${A.budget}`;
      expect(res.body).toEqual({
        caseId,
        orgId: O.budgetBranch,
        personId: A.budget,
        status: 'active',
        policyVersion: CURRENT_POLICY_VERSION,
        upperCommitteeId: O.financeOrganCommittee,
        partyGroupBodyId: 'pg-finance',
      });
      const [call] = stub.starts;
      expect(call?.workflowType).toBe('admissionWorkflow');
      expect(call?.options).toMatchObject({
        workflowId: caseId,
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
        workflowIdConflictPolicy: 'FAIL',
        memo: { note: '本人递交书面申请' },
      });
      expect(call?.options.args[0]).toMatchObject({
        caseId,
        orgPath: BUDGET_PATH,
        personName: '司马静怡',
        birthDate: '1996-03-08',
        applicationDate: '2026-10-15',
        submittedBy: S.budgetBranch,
      });
    });

    it("runs the organization's own policy version (a drill branch runs the drill policy)", async () => {
      await t.database.db
        .update(organizations)
        .set({ policyVersion: '2026.1-drill' })
        .where(eq(organizations.id, O.officeBranch));
      try {
        const res = await start(S.officeBranch, application(A.first, O.officeBranch)).expect(201);
        expect(res.body).toMatchObject({ policyVersion: '2026.1-drill', upperCommitteeId: O.financeOrganCommittee });
        expect(stub.starts[0]?.options.args[0]).toMatchObject({ policyVersion: '2026.1-drill' });
      } finally {
        await t.database.db
          .update(organizations)
          .set({ policyVersion: 'seed' })
          .where(eq(organizations.id, O.officeBranch));
      }
    });

    it('refuses an applicant under 18 on the application date with the age and the minimum (422)', async () => {
      const res = await start(S.budgetBranch, application(A.minor, O.budgetBranch, '2026-10-15')).expect(422);
      expect(res.body).toMatchObject({
        code: 'APPLICANT_UNDER_AGE',
        rule: 'RULES §E step 1',
        numbers: { age: 16, minAge: 18 },
      });
      expect(res.body.messageEn).toContain('2026-10-15');
      expect(stub.starts).toHaveLength(0);
    });

    it('refuses a person who is already a member, whatever their rights (422 ALREADY_MEMBER)', async () => {
      for (const personId of ['p-fin-b01', 'p-fin-b09', 'p-fin-b10']) {
        const res = await start(S.budgetBranch, application(personId)).expect(422);
        expect(res.body).toMatchObject({ code: 'ALREADY_MEMBER', numbers: { personId, orgId: O.budgetBranch } });
      }
    });

    it("refuses a member of an organization outside the caller's scope without their status or organization (issue 8 §4)", async () => {
      // p-fin-t08: rights suspended at the treasury branch, a sibling of the budget branch
      const res = await start(S.budgetBranch, application('p-fin-t08')).expect(422);
      expect(res.body).toMatchObject({
        code: 'PERSON_NOT_ELIGIBLE',
        rule: 'RULES §E step 1, §A.1',
        numbers: { personIds: 'p-fin-t08', count: 1 },
      });
      expect(JSON.stringify(res.body)).not.toMatch(/rightsSuspended|treasury|国库|ALREADY_MEMBER/);
      // the treasury branch's own secretary reads it
      const own = await start(S.treasuryBranch, application('p-fin-t08', O.treasuryBranch)).expect(422);
      expect(own.body).toMatchObject({ code: 'ALREADY_MEMBER', numbers: { status: 'rightsSuspended' } });
      expect(stub.starts).toHaveLength(0);
    });

    it("redirects to the branch of the person's work unit, naming it (422 WRONG_ORGANIZATION)", async () => {
      const res = await start(S.budgetBranch, application(A.returning)).expect(422);
      expect(res.body).toMatchObject({
        code: 'WRONG_ORGANIZATION',
        rule: 'RULES §E step 1',
        numbers: { requestedOrgId: O.budgetBranch, orgId: O.treasuryBranch, orgName: '中共财政厅国库处支部委员会' },
      });
      await start(S.treasuryBranch, application(A.returning, O.treasuryBranch)).expect(201);
    });

    it('refuses organizations that cannot admit (H-16) and callers who are not submitters of the branch', async () => {
      const oc = await start(S.financeOrganCommittee, application(A.budget, O.financeOrganCommittee)).expect(422);
      expect(oc.body).toMatchObject({ code: 'ORG_CANNOT_ADMIT', numbers: { orgId: O.financeOrganCommittee } });
      const other = await start(S.treasuryBranch, application(A.budget)).expect(403);
      expect(other.body.code).toBe('NOT_SUBMITTER');
      // an administrator over the branch may register it
      await start(U.admin, application(A.budget)).expect(201);
      expect((await start(S.budgetBranch, application('p-nobody')).expect(404)).body.code).toBe('PERSON_NOT_FOUND');
      expect(
        (await start(S.budgetBranch, { ...application(A.budget), applicationDate: '2026-2-1' }).expect(400)).body.code,
      ).toBe('VALIDATION_FAILED');
    });

    it('answers 409 ADMISSION_CASE_EXISTS with the case id: same branch (Temporal) or any other branch (summary)', async () => {
      const sameBranch = `admission:${O.budgetBranch}:${A.budget}`;
      stub.taken.add(sameBranch);
      const first = await start(S.budgetBranch, application(A.budget)).expect(409);
      expect(first.body).toMatchObject({ code: 'ADMISSION_CASE_EXISTS', numbers: { caseId: sameBranch } });

      const elsewhere = `admission:${O.treasuryBranch}:${A.first}`;
      const summaries = new CaseSummaryRepository(t.database);
      await summaries.upsert(summary(elsewhere, { orgId: O.treasuryBranch, personId: A.first }));
      const second = await start(S.budgetBranch, application(A.first)).expect(409);
      expect(second.body).toMatchObject({
        code: 'ADMISSION_CASE_EXISTS',
        numbers: { caseId: elsewhere, orgId: O.treasuryBranch },
      });
      // once that case is closed (e.g. not selected) a new one may start
      await summaries.upsert(summary(elsewhere, { orgId: O.treasuryBranch, personId: A.first, status: 'rejected' }));
      await start(S.budgetBranch, application(A.first)).expect(201);
    });

    it('starts one case of two concurrent applications for a person at two branches (201 and 409)', async () => {
      // 欧阳晓明 has no work unit recorded: either branch may receive the application
      const [budget, treasury] = await Promise.all([
        start(S.budgetBranch, application(A.first)),
        start(S.treasuryBranch, application(A.first, O.treasuryBranch)),
      ]);
      const statuses = [budget.status, treasury.status].sort();
      expect(statuses).toEqual([201, 409]);
      const [won, lost] = budget.status === 201 ? [budget, treasury] : [treasury, budget];
      expect(lost.body).toMatchObject({ code: 'ADMISSION_CASE_EXISTS', numbers: { caseId: won.body.caseId } });
      expect(stub.starts.map((c) => c.options.workflowId)).toEqual([won.body.caseId]);
      // and later, while that case runs, at a third branch too
      const third = await start(S.officeBranch, application(A.first, O.officeBranch)).expect(409);
      expect(third.body.numbers).toMatchObject({ caseId: won.body.caseId });
    });

    it('takes over the reservation of a case that no longer runs; a failed start releases its own', async () => {
      const reservations = new AdmissionReservationRepository(t.database);
      const closed = `admission:${O.treasuryBranch}:${A.first}`;
      // reserved long ago by a case that has ended (no running workflow)
      await reservations.insert({
        personId: A.first,
        caseId: closed,
        token: 'old',
        reservedAt: '2026-01-01T00:00:00Z',
      });
      const res = await start(S.budgetBranch, application(A.first)).expect(201);
      expect(await reservations.get(A.first)).toMatchObject({ caseId: res.body.caseId });
      expect((await reservations.get(A.first))!.token).not.toBe('old');

      // a reservation made a moment ago whose workflow is not started yet still holds the person
      await t.database.db.delete(admissionReservations);
      await reservations.insert({ personId: A.budget, caseId: closed, token: 'starting' });
      const pending = await start(S.budgetBranch, application(A.budget)).expect(409);
      expect(pending.body).toMatchObject({ code: 'ADMISSION_CASE_EXISTS', numbers: { caseId: closed } });

      // Temporal refusing the start for another reason: 500, and the person is free again
      await t.database.db.delete(admissionReservations);
      stub.failing.add(`admission:${O.budgetBranch}:${A.budget}`);
      await start(S.budgetBranch, application(A.budget)).expect(500);
      expect(await reservations.get(A.budget)).toBeNull();
    });

    it("refuses an application dated after today on the organization's calendar (RULES §E step 1)", async () => {
      const res = await start(S.budgetBranch, application(A.budget, O.budgetBranch, '2099-01-01')).expect(422);
      expect(res.body).toMatchObject({
        code: 'APPLICATION_DATE_IN_FUTURE',
        rule: 'RULES §E step 1',
        numbers: { applicationDate: '2099-01-01', today },
      });
      expect(stub.starts).toHaveLength(0);
      // the rule itself: today is allowed, tomorrow is not (China's calendar is ahead of UTC after 16:00 UTC)
      const policy = getPolicy(CURRENT_POLICY_VERSION);
      const beijing = localDate('2026-03-01T17:00:00.000Z', policy);
      expect(beijing).toBe('2026-03-02');
      expect(checkApplicationDate('2026-03-02', beijing)).toBeNull();
      expect(checkApplicationDate('2026-03-03', beijing)).toMatchObject({ code: 'APPLICATION_DATE_IN_FUTURE' });
    });
  });

  describe('registry checks on the decision route (admission hook)', () => {
    const caseId = `admission:${O.budgetBranch}:${A.budget}`;
    const decide = (step: string, payload: Record<string, unknown>) => {
      stub.cases.set(caseId, admissionCase(caseId, A.budget, [task(caseId, step)]));
      return post(S.budgetBranch, `/api/cases/${encodeURIComponent(caseId)}/tasks/${caseId}:${step}/decision`, {
        outcome: 'submit',
        payload,
      });
    };

    it("refuses a payload that does not fit its step's schema before the update is sent (400 naming the field)", async () => {
      const talk = await decide('E2', { summary: '谈话记录' }).expect(400);
      expect(talk.body).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'payload.talkerId' }] });
      const counts = await decide('E15', { entitled: 8, present: '6', forVotes: 5 }).expect(400);
      expect(counts.body).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'payload.present' }] });
      const extend = await decide('E23', { entitled: 8, present: 8, forVotes: 8, resolution: 'extend' }).expect(400);
      expect(extend.body.issues).toEqual([expect.objectContaining({ path: 'payload.extensionMonths' })]);
      expect(stub.updates).toHaveLength(0);
      // extra notes are the client's to keep
      await decide('E2', { talkerId: 'p-fin-b04', summary: '谈话记录' }).expect(200);
      expect(stub.updates).toHaveLength(1);
    });

    it('step 5: contacts must be full members with rights intact; 1..2 of them', async () => {
      const probationary = await decide('E5', { contactIds: ['p-fin-b01', 'p-fin-b09'] }).expect(422);
      expect(probationary.body).toMatchObject({
        code: 'CONTACT_NOT_FULL_MEMBER',
        rule: 'RULES §E step 5',
        numbers: { personId: 'p-fin-b09', status: 'probationary' },
      });
      // a probationary member of another department's branch: the refusal does not reveal their status (issue 8 §4)
      const elsewhere = await decide('E5', { contactIds: ['p-fin-b01', 'p-edu-11'] }).expect(422);
      expect(elsewhere.body).toMatchObject({
        code: 'PERSON_NOT_ELIGIBLE',
        rule: 'RULES §E step 5',
        numbers: { personIds: 'p-edu-11', count: 1 },
      });
      expect(JSON.stringify(elsewhere.body)).not.toMatch(/probation|预备|CONTACT_NOT_FULL_MEMBER|"status"/);
      // the same neutral answer whatever the reason (rights suspended at the treasury branch)
      const suspended = await decide('E5', { contactIds: ['p-fin-t08'] }).expect(422);
      expect(suspended.body).toMatchObject({ code: 'PERSON_NOT_ELIGIBLE', numbers: { personIds: 'p-fin-t08' } });
      expect(JSON.stringify(suspended.body)).not.toMatch(/rightsSuspended|权利/);
      const three = await decide('E5', { contactIds: ['p-fin-b01', 'p-fin-b02', 'p-fin-b03'] }).expect(422);
      expect(three.body).toMatchObject({ code: 'CULTIVATION_CONTACTS', numbers: { count: 3, min: 1, max: 2 } });
      expect(stub.updates).toHaveLength(0);
      await decide('E5', { contactIds: ['p-fin-b01', 'p-fin-b02'] }).expect(200);
      expect(stub.updates.map((u) => u.update)).toEqual(['decideTask']);
    });

    it('step 9: introducers full members in good standing, not the applicant, each consenting', async () => {
      const intro = (a: string, b: string, consent = true) => ({
        introducers: [
          { personId: a, consent: true },
          { personId: b, consent },
        ],
      });
      const sanctioned = await decide('E9', intro('p-fin-b01', 'p-fin-b10')).expect(422);
      expect(sanctioned.body).toMatchObject({
        code: 'INTRODUCER_NOT_ELIGIBLE',
        numbers: { personId: 'p-fin-b10', status: 'partyProbation' },
      });
      // an applicant of another unit: refused without saying what they are (outside the secretary's scope, issue 8 §4)
      const outsider = await decide('E9', intro('p-fin-b01', A.first)).expect(422);
      expect(outsider.body).toMatchObject({ code: 'PERSON_NOT_ELIGIBLE', numbers: { personIds: A.first } });
      expect(JSON.stringify(outsider.body)).not.toMatch(/none|非党员|not a member/);
      expect((await decide('E9', intro('p-fin-b01', A.budget)).expect(422)).body.code).toBe('INTRODUCERS');
      expect((await decide('E9', intro('p-fin-b01', 'p-fin-b02', false)).expect(422)).body).toMatchObject({
        code: 'INTRODUCERS',
        numbers: { consenting: 1, required: 2 },
      });
      // a full member of another branch may introduce
      await decide('E9', intro('p-fin-b01', 'p-fin-t01')).expect(200);
    });

    it('step 9: an introducer of another open case is busy (policy introducerOneCandidateAtATime)', async () => {
      const other = `admission:${O.treasuryBranch}:p-busy-candidate`;
      const summaries = new CaseSummaryRepository(t.database);
      await summaries.upsert(summary(other, { orgId: O.treasuryBranch, personId: 'p-busy-candidate' }));
      await new AuditRepository(t.database).append({
        dedupeKey: `${other}:E9:decided`,
        caseId: other,
        procedure: 'admission',
        orgId: O.treasuryBranch,
        step: 'E9',
        event: 'task.decided',
        outcome: 'submit',
        detail: {
          payload: {
            introducers: [
              { personId: 'p-fin-b03', consent: true },
              { personId: 'p-fin-t01', consent: true },
            ],
          },
        },
        at: new Date().toISOString(),
      });
      const intro = (a: string, b: string) => ({
        introducers: [
          { personId: a, consent: true },
          { personId: b, consent: true },
        ],
      });
      const busy = await decide('E9', intro('p-fin-b01', 'p-fin-b03')).expect(422);
      expect(busy.body).toMatchObject({
        code: 'INTRODUCER_BUSY',
        rule: 'RULES §E step 9',
        numbers: { personId: 'p-fin-b03', caseId: other },
      });
      // once the other case is closed its introducers are free again
      await summaries.upsert(
        summary(other, { orgId: O.treasuryBranch, personId: 'p-busy-candidate', status: 'completed' }),
      );
      await decide('E9', intro('p-fin-b01', 'p-fin-b03')).expect(200);
    });

    it("steps 15 and 23: entitled must equal the registry's voting full members on the meeting date", async () => {
      // 预算处党支部: 8 full, 1 probationary (no vote), 1 under 留党察看 (no vote)
      const vote = { entitled: 10, present: 9, forVotes: 8 };
      const res = await decide('E15', vote).expect(422);
      expect(res.body).toMatchObject({
        code: 'ENTITLED_COUNT_MISMATCH',
        rule: 'RULES §E step 15',
        numbers: { entitled: 10, registryEntitled: 8, meetingDate: today },
      });
      expect(res.body.message).toContain('8');
      const conversion = await decide('E23', { ...vote, entitled: 9, resolution: 'full' }).expect(422);
      expect(conversion.body).toMatchObject({ rule: 'RULES §E step 23', numbers: { registryEntitled: 8 } });
      // before b08 became full (2025-10-01) the branch had 7 voting full members
      const past = await decide('E15', { ...vote, entitled: 8, meetingDate: '2025-09-15' }).expect(422);
      expect(past.body.numbers).toMatchObject({ registryEntitled: 7, meetingDate: '2025-09-15' });
      // not a calendar date, or a meeting yet to come: refused before the registry is asked
      const invalid = await decide('E15', { ...vote, entitled: 8, meetingDate: '2026-02-30' }).expect(400);
      expect(invalid.body).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'payload.meetingDate' }] });
      const future = await decide('E23', {
        ...vote,
        entitled: 8,
        resolution: 'full',
        meetingDate: addToDate(today, { days: 1 }),
      });
      expect(future.status).toBe(422);
      expect(future.body.code).toBe('STEP_DATE_IN_FUTURE');
      await decide('E15', { entitled: 8, present: 6, forVotes: 5 }).expect(200);
      expect(stub.updates).toHaveLength(1);
    });

    // Found by the fault campaign (npm run chaos): a vote answered 504 was applied meanwhile, another case of the branch
    // then made a member, and the retry with the same key was refused 422 by the registry check.
    it('answers a retried click on a decided task with its key from the workflow, whatever the registry says now', async () => {
      const stale = { entitled: 10, present: 9, forVotes: 8 };
      const taskId = `${caseId}:E15`;
      stub.cases.set(caseId, admissionCase(caseId, A.budget, []));
      await t.database.db.insert(tasks).values({
        ...task(caseId, 'E15'),
        orgPath: BUDGET_PATH,
        caseTitle: '发展党员：司马静怡',
        status: 'done',
        outcome: 'submit',
        decidedBy: S.budgetBranch,
        decidedAt: new Date().toISOString(),
      });
      const path = `/api/cases/${encodeURIComponent(caseId)}/tasks/${encodeURIComponent(taskId)}/decision`;
      const click = { outcome: 'submit', payload: stale };
      await post(S.budgetBranch, path, click).set('Idempotency-Key', 'vote-e15').expect(200);
      expect(stub.updates.at(-1)).toMatchObject({
        update: 'decideTask',
        updateId: expect.stringContaining('vote-e15'),
      });
      // without its key it is a new click, refused on the registry's count as before
      const fresh = await post(S.budgetBranch, path, click).expect(409);
      expect(fresh.body.code).toBe('TASK_ALREADY_DECIDED');
      await t.database.db.delete(tasks).where(eq(tasks.taskId, taskId));
    });

    // The same story with the answer lost before the projection landed: the row still shows the task open.
    it('lets the same click with its key through while the row is still open, whatever the registry says now', async () => {
      const vote = { entitled: 8, present: 7, forVotes: 6 };
      await decide('E15', vote).set('Idempotency-Key', 'vote-open').expect(200);
      // another case of the branch makes a member meanwhile: 9 voting full members from today
      const [joined] = await t.database.db
        .insert(memberships)
        .values({ personId: A.budget, orgId: O.budgetBranch, status: 'full', since: today })
        .returning({ id: memberships.id });
      try {
        const again = await decide('E15', vote).set('Idempotency-Key', 'vote-open').expect(200);
        expect(again.body).toMatchObject({ outcome: 'submit' });
        expect(stub.updates.map((u) => u.updateId)).toEqual([
          expect.stringContaining('vote-open'),
          expect.stringContaining('vote-open'),
        ]);
        // a new click (another key) with the same body is checked against the registry as it is now
        const fresh = await decide('E15', vote).set('Idempotency-Key', 'vote-new').expect(422);
        expect(fresh.body).toMatchObject({ code: 'ENTITLED_COUNT_MISMATCH', numbers: { registryEntitled: 9 } });
      } finally {
        await t.database.db.delete(memberships).where(eq(memberships.id, joined!.id));
      }
    });

    it('leaves other steps and other procedures to the workflow', async () => {
      await decide('E10', { conclusion: 'pass', entitled: 99 }).expect(200);
      const other = 'establishment:org-x';
      stub.cases.set(
        other,
        admissionCase(other, A.budget, [{ ...task(other, 'E15'), procedure: 'establishment' }], {
          procedure: 'establishment',
        }),
      );
      await post(S.budgetBranch, `/api/cases/${other}/tasks/${other}:E15/decision`, {
        outcome: 'submit',
        payload: { entitled: 99, present: 1, forVotes: 1 },
      }).expect(200);
    });
  });

  describe('POST /api/admission-cases/:caseId/transfer (RULES §E step 21, H-12)', () => {
    const caseId = `admission:${O.budgetBranch}:${A.budget}`;
    const upper = U.financeOrganCommitteeApprover; // a role at the sending branch's upper committee
    const transfer = (userId: string, body: Record<string, unknown>) =>
      post(userId, `/api/admission-cases/${encodeURIComponent(caseId)}/transfer`, {
        effectiveDate: '2026-11-20',
        reason: '工作调动',
        ...body,
      });
    beforeEach(() => stub.cases.set(caseId, admissionCase(caseId, A.budget, [task(caseId, 'E21')])));

    it('resolves the receiving branch in the registry and sends the update with the actor from the token', async () => {
      const res = await request(t.app.getHttpServer())
        .post(`/api/admission-cases/${encodeURIComponent(caseId)}/transfer`)
        .set('Authorization', tokens[upper]!)
        .set('Idempotency-Key', 'move-1')
        .send({ toOrgId: O.officeBranch, effectiveDate: '2026-11-20', reason: '工作调动', postponeMonths: 3 })
        .expect(200);
      expect(res.body).toEqual({ caseId, orgId: O.officeBranch, stage: 'E6', discussionFrom: null });
      const [update] = stub.updates;
      expect(update).toMatchObject({ workflowId: caseId, update: 'transferAdmission' });
      expect(update?.updateId).toBe(`${upper}:transferAdmission:${caseId}:move-1`);
      expect(update?.arg).toMatchObject({
        actor: { userId: upper },
        transfer: {
          toOrgId: O.officeBranch,
          postponeMonths: 3,
          toOrgPath: [O.officeBranch, O.financeOrganCommittee, O.workCommittee],
          upperCommitteeId: O.financeOrganCommittee,
          partyGroupBodyId: 'pg-finance',
        },
      });
    });

    it("authorizes like the workflow: an administrator or the upper committee, not the branches' submitters", async () => {
      for (const userId of [S.budgetBranch, S.treasuryBranch, S.eduPolicyBranch]) {
        const res = await transfer(userId, { toOrgId: O.treasuryBranch }).expect(403);
        expect(res.body).toMatchObject({
          code: 'NOT_AUTHORIZED_FOR_TRANSFER',
          rule: 'RULES §A.3',
          numbers: { userId, upperCommitteeId: O.financeOrganCommittee },
        });
      }
      expect(stub.updates).toHaveLength(0);
      await transfer(upper, { toOrgId: O.treasuryBranch }).expect(200);
      await transfer(U.admin, { toOrgId: O.treasuryBranch }).expect(200);
      expect(stub.updates.map((u) => (u.arg.actor as { userId: string }).userId)).toEqual([upper, U.admin]);
    });

    it("refuses with the workflow's rules and in its order: closed, stage, same branch, then the registry", async () => {
      const same = await transfer(upper, { toOrgId: O.budgetBranch });
      expect(same.body).toMatchObject({ code: 'TRANSFER_SAME_ORG', numbers: { field: 'toOrgId' } });
      expect(same.status).toBe(400); // invalid input, as the workflow validator answers it
      expect((await transfer(upper, { toOrgId: O.eduOrganCommittee }).expect(422)).body.code).toBe('ORG_CANNOT_ADMIT');
      expect((await transfer(upper, { toOrgId: 'org-nowhere' }).expect(404)).body.code).toBe('ORG_NOT_FOUND');
      // the stage is checked before the target, as in the workflow
      stub.cases.set(caseId, admissionCase(caseId, A.budget, [task(caseId, 'E15')]));
      const early = await transfer(upper, { toOrgId: O.budgetBranch }).expect(409);
      expect(early.body).toMatchObject({ code: 'TRANSFER_STAGE_NOT_ALLOWED', numbers: { stage: 'E15' } });
      stub.cases.set(caseId, admissionCase(caseId, A.budget, [], { status: 'rejected' }));
      const closed = await transfer(upper, { toOrgId: O.officeBranch }).expect(409);
      expect(closed.body).toMatchObject({ code: 'CASE_NOT_ACTIVE', numbers: { caseStatus: 'rejected' } });
      expect((await transfer(upper, { toOrgId: O.officeBranch, postponeMonths: 13 }).expect(400)).body.code).toBe(
        'VALIDATION_FAILED',
      );
      expect(stub.updates).toHaveLength(0);
    });

    it('lets a retried click with its key through after the case moved, for Temporal to answer', async () => {
      const moved = admissionCase(caseId, A.budget, [task(caseId, 'E21')], {
        orgId: O.officeBranch,
        orgPath: [O.officeBranch, O.financeOrganCommittee, O.workCommittee],
      });
      moved.data.transfers = [{ fromOrgId: O.budgetBranch, toOrgId: O.officeBranch, actorId: upper }];
      stub.cases.set(caseId, moved);
      const retry = () =>
        request(t.app.getHttpServer())
          .post(`/api/admission-cases/${encodeURIComponent(caseId)}/transfer`)
          .set('Authorization', tokens[upper]!)
          .send({ toOrgId: O.officeBranch, effectiveDate: '2026-11-20', reason: '工作调动', postponeMonths: 3 });
      await retry().set('Idempotency-Key', 'move-1').expect(200);
      expect(stub.updates[0]?.updateId).toBe(`${upper}:transferAdmission:${caseId}:move-1`);
      // without the key it is a new request: the case is already there
      expect((await retry().expect(400)).body.code).toBe('TRANSFER_SAME_ORG');
    });
  });

  describe('POST /api/admission-cases/:caseId/contacts (RULES §E step 5; the cap of issue 8 §2)', () => {
    const caseId = `admission:${O.budgetBranch}:${A.budget}`;
    const max = getPolicy(CURRENT_POLICY_VERSION).caseBounds.maxContactChanges;
    const changed = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        fromContactIds: [i % 2 === 0 ? 'p-fin-b01' : 'p-fin-b02'],
        toContactIds: [i % 2 === 0 ? 'p-fin-b02' : 'p-fin-b01'],
        effectiveDate: '2026-11-02',
        reason: '调离',
        actorId: S.budgetBranch,
        stage: 'E6',
      }));
    const cultivated = (changesSoFar: number) => {
      const state = admissionCase(caseId, A.budget, [task(caseId, 'E6')]);
      state.data.contactIds = ['p-fin-b01'];
      state.data.contactChanges = changed(changesSoFar);
      stub.cases.set(caseId, state);
    };
    const change = () =>
      post(S.budgetBranch, `/api/admission-cases/${encodeURIComponent(caseId)}/contacts`, {
        contactIds: ['p-fin-b03'],
        reason: '原培养联系人调离',
      });

    it('takes a change below the cap and refuses the one past it with 422 CONTACT_CHANGE_CAP_REACHED and its numbers', async () => {
      cultivated(max - 1);
      await change().expect(200);
      expect(stub.updates.map((u) => u.update)).toEqual(['changeCultivationContacts']);
      cultivated(max);
      const capped = await change().expect(422);
      expect(capped.body).toMatchObject({
        code: 'CONTACT_CHANGE_CAP_REACHED',
        rule: 'RULES §G (caseBounds)',
        numbers: { contactChanges: max, maxContactChanges: max },
      });
      expect(capped.body.messageEn).toContain(`the cap is ${max}`);
      expect(stub.updates).toHaveLength(1); // the capped change never reached the workflow
    });

    it('counts a record written before the cap (no contactChanges) as none', async () => {
      cultivated(0);
      delete stub.cases.get(caseId)!.data.contactChanges;
      await change().expect(200);
    });
  });

  describe('case lists with compliance flags', () => {
    it('returns flags and personId and filters by flag and person (generic and admission lists)', async () => {
      const summaries = new CaseSummaryRepository(t.database);
      await summaries.upsert(
        summary('admission:list-a', { personId: 'p-list-a', flags: ['talkOverdue', 'approvalBeyondThreeMonths'] }),
      );
      await summaries.upsert(summary('admission:list-b', { personId: 'p-list-b', flags: [] }));
      const flagged = await get(U.admin, '/api/cases?flag=talkOverdue').expect(200);
      expect(flagged.body.items.map((i: { caseId: string }) => i.caseId)).toEqual(['admission:list-a']);
      expect(flagged.body.items[0]).toMatchObject({
        flags: ['talkOverdue', 'approvalBeyondThreeMonths'],
        personId: 'p-list-a',
      });
      const byPerson = await get(U.admin, '/api/admission-cases?personId=p-list-b').expect(200);
      expect(byPerson.body).toMatchObject({ total: 1, items: [{ caseId: 'admission:list-b', flags: [] }] });
      const scoped = await get(U.eduOrganCommitteeApprover, '/api/admission-cases?flag=talkOverdue').expect(200);
      expect(scoped.body.total).toBe(0);
      expect((await get(U.admin, '/api/cases?flag=bad%20flag').expect(400)).body.code).toBe('VALIDATION_FAILED');
    });
  });
});

function summary(caseId: string, over: Partial<CaseSummaryInput> & { personId: string }): CaseSummaryInput {
  const orgPath = over.orgId === O.treasuryBranch ? [O.treasuryBranch, ...BUDGET_PATH.slice(1)] : BUDGET_PATH;
  return {
    caseId,
    procedure: 'admission',
    orgId: O.budgetBranch,
    orgPath,
    title: '发展党员',
    status: 'active',
    stage: 'E2',
    submittedBy: S.budgetBranch,
    submittedAt: '2026-11-01T00:00:00.000Z',
    pendingBodyIds: [O.budgetBranch],
    dueAt: null,
    closedAt: null,
    ...over,
  };
}
