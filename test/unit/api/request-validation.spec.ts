import type { Client } from '@temporalio/client';
import request from 'supertest';
import { DEMO_IDS, DEMO_NEW_BRANCH_ROSTER, DEMO_NEW_BRANCH_UNIT, InboxRepository } from '../../../libs/db';
import type { EstablishmentInput } from '../../../libs/contracts';
import { createTestApp, unusedTemporalClient, type TestApp } from './api-test-app';

// PGlite boots a WASM Postgres per app; slow on a busy machine.
jest.setTimeout(60_000);

const U = DEMO_IDS.users;

function validRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const roster = [...DEMO_NEW_BRANCH_ROSTER];
  return {
    name: `中共${DEMO_NEW_BRANCH_UNIT}支部委员会`,
    proposedType: 'branch',
    parentOrgId: DEMO_IDS.orgs.eduOrganCommittee,
    departmentId: DEMO_IDS.departments.edu,
    unitName: DEMO_NEW_BRANCH_UNIT,
    natureOfWork: '行政机关',
    staffHeadcount: 20,
    rosterPersonIds: roster,
    legalBasis: '《中国共产党党和国家机关基层组织工作条例》第七条',
    reasons: '处室党员人数达到成立党支部条件',
    committeeSeats: 3,
    positions: ['secretary', 'organization', 'publicity'],
    slate: roster.slice(0, 4).map((personId, i) => ({ personId, name: `候选人${i + 1}` })),
    plannedElectionDate: '2026-12-15',
    ...overrides,
  };
}

async function tokenFor(t: TestApp, userId: string): Promise<string> {
  const res = await request(t.app.getHttpServer()).post('/api/auth/dev-token').send({ userId }).expect(200);
  return `Bearer ${res.body.accessToken as string}`;
}

describe('request validation and establishment pre-checks (no Temporal involved)', () => {
  let t: TestApp;
  let submitter: string;
  beforeAll(async () => {
    t = await createTestApp({}, unusedTemporalClient());
    submitter = await tokenFor(t, U.eduSubmitter);
  });
  afterAll(() => t.close());

  it('answers 400 VALIDATION_FAILED naming each bad field by its path', async () => {
    const body = validRequest({ slate: [{ personId: 'p-edu-01', name: '' }], staffHeadcount: -1 });
    delete body.parentOrgId;
    const res = await request(t.app.getHttpServer())
      .post('/api/cases/establishment')
      .set('Authorization', submitter)
      .send(body)
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const paths = (res.body.issues as { path: string }[]).map((i) => i.path).sort();
    expect(paths).toEqual(['parentOrgId', 'slate.0.name', 'staffHeadcount']);
  });

  it('validates query strings too (limit above the maximum)', async () => {
    const res = await request(t.app.getHttpServer())
      .get('/api/cases?limit=5000')
      .set('Authorization', submitter)
      .expect(400);
    expect(res.body.issues).toEqual([expect.objectContaining({ path: 'limit' })]);
  });

  it('validates decision bodies (unknown outcome)', async () => {
    const res = await request(t.app.getHttpServer())
      .post('/api/cases/establishment:org-x/tasks/t-1/decision')
      .set('Authorization', submitter)
      .send({ outcome: 'maybe' })
      .expect(400);
    expect(res.body.issues[0].path).toBe('outcome');
  });

  it('refuses submission by someone with no submitter role on the superior org path (403)', async () => {
    const res = await request(t.app.getHttpServer())
      .post('/api/cases/establishment')
      .set('Authorization', await tokenFor(t, U.financePartyGroupApprover))
      .send(validRequest())
      .expect(403);
    expect(res.body.code).toBe('NOT_SUBMITTER');
  });

  it('answers 422 with the rule when registry counts make the type ineligible (RULES §B.1)', async () => {
    // 12 people on the roster are 10 full + 2 probationary: far below the 50 a general branch needs.
    const res = await request(t.app.getHttpServer())
      .post('/api/cases/establishment')
      .set('Authorization', submitter)
      .send(validRequest({ proposedType: 'generalBranch', committeeSeats: 5 }))
      .expect(422);
    expect(res.body).toMatchObject({ code: 'ELIGIBILITY_MIN_MEMBERS', rule: expect.stringContaining('§B.1') });
    expect(res.body.numbers).toMatchObject({ memberCount: 12, required: 50 });
    expect(res.body.messageEn).toEqual(expect.any(String));
  });

  it('answers 422 when a general branch committee has no discipline member (RULES §B.1, 机关条例2019 Art. 9)', async () => {
    const generalBranch = (positions: string[]) =>
      validRequest({
        proposedType: 'generalBranch',
        committeeSeats: 5,
        positions,
        slate: DEMO_NEW_BRANCH_ROSTER.slice(0, 6).map((personId, i) => ({ personId, name: `候选人${i + 1}` })),
        belowThresholdJustification: '处室分散办公，经上级党组织同意设立党总支',
      });
    const res = await request(t.app.getHttpServer())
      .post('/api/cases/establishment')
      .set('Authorization', submitter)
      .send(generalBranch(['secretary', 'organization', 'publicity']))
      .expect(422);
    expect(res.body).toMatchObject({
      code: 'GENERAL_BRANCH_DISCIPLINE_MEMBER_MISSING',
      rule: 'RULES §B.1 (机关条例2019 Art. 9)',
      numbers: { positions: 'secretary,organization,publicity' },
    });
    // with the discipline member the request passes the rule checks and reaches the workflow start
    const ok = await request(t.app.getHttpServer())
      .post('/api/cases/establishment')
      .set('Authorization', submitter)
      .send(generalBranch(['secretary', 'organization', 'publicity', 'discipline']));
    expect(ok.body.code).not.toBe('GENERAL_BRANCH_DISCIPLINE_MEMBER_MISSING');
  });

  it('answers 422 when a work project lasts less than six months, 400 when its end is missing (RULES §B.1)', async () => {
    const res = await request(t.app.getHttpServer())
      .post('/api/cases/establishment')
      .set('Authorization', submitter)
      .send(validRequest({ workProject: { start: '2027-01-15', end: '2027-07-14' } }))
      .expect(422);
    expect(res.body).toMatchObject({
      code: 'PROJECT_BRANCH_TOO_SHORT',
      rule: 'RULES §B.1 (支部条例)',
      numbers: { projectStart: '2027-01-15', projectEnd: '2027-07-14', minEnd: '2027-07-15', months: 6 },
    });
    const incomplete = await request(t.app.getHttpServer())
      .post('/api/cases/establishment')
      .set('Authorization', submitter)
      .send(validRequest({ workProject: { start: '2027-01-15' } }))
      .expect(400);
    expect(JSON.stringify(incomplete.body)).toContain('workProject.end');
  });

  it('answers 422 STANDING_COMMITTEE_ORGAN_ONLY for standing seats on a branch (RULES §B.1)', async () => {
    const res = await request(t.app.getHttpServer())
      .post('/api/cases/establishment')
      .set('Authorization', submitter)
      .send(validRequest({ standingSeats: 1 }))
      .expect(422);
    expect(res.body).toMatchObject({ code: 'STANDING_COMMITTEE_ORGAN_ONLY', numbers: { standingSeats: 1 } });
  });

  it('answers 422 SLATE_SURPLUS when the slate has no 20% surplus (RULES §D.2)', async () => {
    const slate = DEMO_NEW_BRANCH_ROSTER.slice(0, 3).map((personId, i) => ({ personId, name: `候选人${i}` }));
    const res = await request(t.app.getHttpServer())
      .post('/api/cases/establishment')
      .set('Authorization', submitter)
      .send(validRequest({ slate }))
      .expect(422);
    expect(res.body).toMatchObject({ code: 'SLATE_SURPLUS', numbers: { seats: 3, candidates: 3, required: 4 } });
  });

  it('answers 422 SLATE_CANDIDATE_NOT_ELIGIBLE for a probationary candidate (RULES §A.1)', async () => {
    const probationary = DEMO_NEW_BRANCH_ROSTER[11]!;
    const slate = [...DEMO_NEW_BRANCH_ROSTER.slice(0, 3), probationary].map((personId) => ({
      personId,
      name: personId,
    }));
    const res = await request(t.app.getHttpServer())
      .post('/api/cases/establishment')
      .set('Authorization', submitter)
      .send(validRequest({ slate }))
      .expect(422);
    expect(res.body).toMatchObject({ code: 'SLATE_CANDIDATE_NOT_ELIGIBLE', numbers: { personId: probationary } });
  });

  it('answers 422 ROSTER_MEMBER_OF_OTHER_ORG for members of another active branch (RULES §C.1 C1)', async () => {
    // 政策法规处党支部 is active: its members are not taken over by a new branch of the organ committee
    const roster = [...DEMO_NEW_BRANCH_ROSTER, 'p-edu-pol01', 'p-edu-pol02'];
    const res = await request(t.app.getHttpServer())
      .post('/api/cases/establishment')
      .set('Authorization', submitter)
      .send(validRequest({ rosterPersonIds: roster }))
      .expect(422);
    expect(res.body).toMatchObject({
      code: 'ROSTER_MEMBER_OF_OTHER_ORG',
      rule: 'RULES §A.1, §C.1 (C1)',
      numbers: { count: 2, personIds: 'p-edu-pol01,p-edu-pol02' },
    });
  });

  it('names members of another active organization only to a caller who may read them (issue 8 §4)', async () => {
    // 预算处党支部 (finance) lies outside the education submitter's scope: no names, no organization
    const roster = [...DEMO_NEW_BRANCH_ROSTER, 'p-fin-b01'];
    const res = await request(t.app.getHttpServer())
      .post('/api/cases/establishment')
      .set('Authorization', submitter)
      .send(validRequest({ rosterPersonIds: roster }))
      .expect(422);
    expect(res.body).toMatchObject({
      code: 'PERSON_NOT_ELIGIBLE',
      rule: 'RULES §A.1, §C.1 (C1)',
      numbers: { personIds: 'p-fin-b01', count: 1 },
    });
    expect(JSON.stringify(res.body)).not.toMatch(/org-fin|预算|ROSTER_MEMBER_OF_OTHER_ORG/);
  });

  it('answers 404 PARENT_ORG_NOT_FOUND for an unknown superior organization', async () => {
    const res = await request(t.app.getHttpServer())
      .post('/api/cases/establishment')
      .set('Authorization', submitter)
      .send(validRequest({ parentOrgId: 'org-missing' }))
      .expect(404);
    expect(res.body.code).toBe('PARENT_ORG_NOT_FOUND');
  });

  it('serves the OpenAPI document with bearer auth and the contract components', async () => {
    const res = await request(t.app.getHttpServer()).get('/api/docs-json').expect(200);
    expect(res.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/cases/establishment', '/api/cases/{caseId}/tasks/{taskId}/decision', '/api/inbox']),
    );
    expect(res.body.components.schemas.Ballot).toBeDefined();
    expect(JSON.stringify(res.body)).not.toContain('#/$defs/');
  });
});

describe('establishment start input (recording stub for workflow.start only)', () => {
  let t: TestApp;
  const started: { type: string; options: { workflowId: string; args: [EstablishmentInput] } }[] = [];

  beforeAll(async () => {
    const client = unusedTemporalClient() as unknown as { workflow: Record<string, unknown> };
    client.workflow.start = async (type: string, options: { workflowId: string; args: [EstablishmentInput] }) => {
      started.push({ type, options });
      return { workflowId: options.workflowId };
    };
    t = await createTestApp({}, client as unknown as Client);
  });
  afterAll(() => t.close());

  it('starts the workflow with registry counts, body ids and the org path the API computed', async () => {
    const res = await request(t.app.getHttpServer())
      .post('/api/cases/establishment')
      .set('Authorization', await tokenFor(t, U.eduSubmitter))
      .send(validRequest())
      .expect(201);
    expect(res.body).toEqual({
      caseId: `establishment:${res.body.orgId}`,
      orgId: expect.stringMatching(/^org-[0-9a-f]{8}$/),
      status: 'active',
    });
    expect(started).toHaveLength(1);
    const [{ type, options }] = started;
    expect(type).toBe('establishmentWorkflow');
    expect(options.workflowId).toBe(res.body.caseId);
    const input = options.args[0];
    expect(input).toMatchObject({
      caseId: res.body.caseId,
      orgId: res.body.orgId,
      orgPath: [res.body.orgId, DEMO_IDS.orgs.eduOrganCommittee, DEMO_IDS.orgs.workCommittee],
      rosterCounts: { full: 10, probationary: 2, total: 12 },
      partyGroupBodyId: DEMO_IDS.partyGroups.edu,
      workCommitteeBodyId: DEMO_IDS.orgs.workCommittee,
      submittedBy: U.eduSubmitter,
    });
    const metrics = await request(t.app.getHttpServer()).get('/metrics').expect(200);
    expect(metrics.text).toContain('branchflow_cases_started_total{procedure="establishment"} 1');
  });
  // issue 8 §5: a request is new (another organization each time) unless it repeats its key, even while the first
  // request with that key is still running.
  it('starts one case for concurrent and later requests with the same Idempotency-Key; another body is refused', async () => {
    const before = started.length;
    const token = await tokenFor(t, U.eduSubmitter);
    const send = (body: Record<string, unknown>) =>
      request(t.app.getHttpServer())
        .post('/api/cases/establishment')
        .set('Authorization', token)
        .set('Idempotency-Key', 'found-1')
        .send(body);
    const body = validRequest();
    const [first, second] = await Promise.all([send(body), send(body)]);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body).toEqual(first.body);
    expect((await send(body).expect(201)).body).toEqual(first.body);
    const other = await send(validRequest({ staffHeadcount: 99 })).expect(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(started.length - before).toBe(1);
    // without a key the same body is another request: another organization
    const fresh = await request(t.app.getHttpServer())
      .post('/api/cases/establishment')
      .set('Authorization', token)
      .send(body)
      .expect(201);
    expect(fresh.body.caseId).not.toBe(first.body.caseId);
  });
});

describe('decision pre-check against the inbox row (recording stub for executeUpdate only)', () => {
  let t: TestApp;
  const updates: { workflowId: string; updateId: string | undefined; args: unknown[] }[] = [];
  const caseId = 'establishment:org-pre';
  const taskId = `${caseId}/C2/1`;
  const path = `/api/cases/${encodeURIComponent(caseId)}/tasks/${encodeURIComponent(taskId)}/decision`;

  beforeAll(async () => {
    const client = unusedTemporalClient() as unknown as { workflow: Record<string, unknown> };
    client.workflow.getHandle = (workflowId: string) => ({
      executeUpdate: async (_def: unknown, opts: { args: unknown[]; updateId?: string }) => {
        updates.push({ workflowId, updateId: opts.updateId, args: opts.args });
        return { taskId, outcome: 'approve', caseStatus: 'active', stage: 'C4', nextTaskIds: [] };
      },
    });
    t = await createTestApp({}, client as unknown as Client);
    await new InboxRepository(t.database).upsertTask({
      taskId,
      caseId,
      procedure: 'establishment',
      orgId: 'org-pre',
      orgPath: ['org-pre', DEMO_IDS.orgs.eduOrganCommittee, DEMO_IDS.orgs.workCommittee],
      caseTitle: 't',
      step: 'C2',
      kind: 'approval',
      title: '党组研究决定',
      titleEn: 'Party group decision',
      assignedBodyId: DEMO_IDS.partyGroups.edu,
      assigneeUserIds: [],
      createdAt: '2026-01-01T00:00:00.000Z',
      dueAt: null,
      status: 'done',
      outcome: 'approve',
      decidedBy: U.eduPartyGroupApprover,
      decidedAt: '2026-01-02T00:00:00.000Z',
      comment: null,
      remindedAt: null,
      escalatedToBodyId: null,
      escalatedAt: null,
    });
  });
  afterAll(() => t.close());

  it('answers a decided task with 409 without asking the workflow', async () => {
    const res = await request(t.app.getHttpServer())
      .post(path)
      .set('Authorization', await tokenFor(t, U.eduPartyGroupApprover))
      .send({ outcome: 'approve' })
      .expect(409);
    expect(res.body.code).toBe('TASK_ALREADY_DECIDED');
    expect(updates).toHaveLength(0);
  });

  it('refuses someone outside the assigned body with 403 before any update', async () => {
    const res = await request(t.app.getHttpServer())
      .post(path)
      .set('Authorization', await tokenFor(t, U.financePartyGroupApprover))
      .set('Idempotency-Key', 'k-403')
      .send({ outcome: 'approve' })
      .expect(403);
    expect(res.body.code).toBe('NOT_ASSIGNED');
    expect(updates).toHaveLength(0);
  });

  it('lets a retried click with an Idempotency-Key reach the workflow, with the key scoped to user and task', async () => {
    const res = await request(t.app.getHttpServer())
      .post(path)
      .set('Authorization', await tokenFor(t, U.eduPartyGroupApprover))
      .set('Idempotency-Key', 'click-1')
      .send({ outcome: 'approve', comment: '同意' })
      .expect(200);
    expect(res.body.stage).toBe('C4');
    expect(updates).toEqual([
      {
        workflowId: caseId,
        updateId: `${U.eduPartyGroupApprover}:decide:${taskId}:click-1`,
        args: [
          expect.objectContaining({
            taskId,
            outcome: 'approve',
            comment: '同意',
            actor: expect.objectContaining({ userId: U.eduPartyGroupApprover }),
          }),
        ],
      },
    ]);
  });

  it('rejects a malformed Idempotency-Key with 400', async () => {
    const res = await request(t.app.getHttpServer())
      .post(path)
      .set('Authorization', await tokenFor(t, U.eduPartyGroupApprover))
      .set('Idempotency-Key', 'bad key with spaces')
      .send({ outcome: 'approve' })
      .expect(400);
    expect(res.body.code).toBe('INVALID_IDEMPOTENCY_KEY');
  });
});
