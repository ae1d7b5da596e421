import request from 'supertest';
import { DEMO_IDS } from '../../../libs/db';
import { createTestApp, type TestApp } from './api-test-app';

jest.setTimeout(90_000);

const ORG = DEMO_IDS.orgs.budgetBranch;
const UPPER = DEMO_IDS.orgs.financeGeneralBranch;
const YEAR = 2026;
/** 预算处党支部 on the roster in 2026 (the demo registry): p-fin-b01 … p-fin-b10 */
/** p-fin-b09's 2026 deadline to improve: past it (a run after 2027-05-20), its handling is due too */
const B09_DUE = new Date().toISOString().slice(0, 10) > '2027-05-20';
const MEMBERS = Array.from({ length: 10 }, (_, i) => `p-fin-b${String(i + 1).padStart(2, '0')}`);

/**
 * 民主评议党员, the yearly cycle over HTTP (RULES §F; real PGlite with the demo registry, no workflow): each member's
 * self-assessment and mutual appraisal (民主测评) before the committee grades, the grades checked against the recorded
 * votes, the results filed with the upper organization once every member is graded (422 with the numbers before), and
 * a 不合格 member's organizational handling (组织处置) due after the deadline to improve until the improvement is recorded.
 */
describe('org-life appraisal cycle API (民主评议党员)', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const secretary = DEMO_IDS.secretaries.budgetBranch;
  const upperSecretary = DEMO_IDS.secretaries.financeGeneralBranch;
  const otherSecretary = DEMO_IDS.secretaries.treasuryBranch;
  const admin = DEMO_IDS.users.admin;

  beforeAll(async () => {
    t = await createTestApp();
    for (const userId of [secretary, upperSecretary, otherSecretary, admin]) {
      const res = await request(t.app.getHttpServer()).post('/api/auth/dev-token').send({ userId }).expect(200);
      tokens[userId] = `Bearer ${res.body.accessToken as string}`;
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  const http = () => request(t.app.getHttpServer());
  const base = (year = YEAR) => `/api/orgs/${ORG}/org-life/${year}`;
  const assess = (personId: string, body: unknown, { year = YEAR, userId = secretary as string } = {}) =>
    http()
      .put(`${base(year)}/appraisals/${personId}/assessment`)
      .set('Authorization', tokens[userId]!)
      .send(body as object);
  const grade = (body: unknown, year = YEAR) =>
    http()
      .post(`${base(year)}/appraisals`)
      .set('Authorization', tokens[secretary]!)
      .send(body as object);
  const list = (year = YEAR, userId = secretary) =>
    http()
      .get(`${base(year)}/appraisals`)
      .set('Authorization', tokens[userId]!);
  const votes = (excellent: number, qualified: number, basicallyQualified: number, unqualified: number) => ({
    excellent,
    qualified,
    basicallyQualified,
    unqualified,
  });
  const assessment = (v = votes(2, 6, 0, 0), present = 9, assessedOn = '2026-11-10') => ({
    assessedOn,
    selfAssessment: '本人全年按时参加组织生活，认真履行党员义务。',
    present,
    votes: v,
  });

  describe('PUT …/appraisals/:personId/assessment (自我评价、民主测评)', () => {
    it('records the self-assessment and the tallies; the list shows the member assessed, ungraded', async () => {
      const res = await assess('p-fin-b07', assessment(votes(1, 7, 1, 0), 9)).expect(200);
      const item = (res.body.items as { personId: string }[]).find((i) => i.personId === 'p-fin-b07');
      expect(item).toMatchObject({
        grade: null,
        present: 9,
        votes: votes(1, 7, 1, 0),
        assessedOn: '2026-11-10',
        followUpStatus: null,
      });
      expect(res.body).toMatchObject({ members: 10, filing: null });
      expect(res.body.ungraded).toContain('p-fin-b07');
    });

    it('refuses more votes than members present, and more present than on the roster (422 with the numbers)', async () => {
      const over = await assess('p-fin-b07', assessment(votes(3, 5, 1, 1), 9)).expect(422);
      expect(over.body).toMatchObject({
        code: 'APPRAISAL_VOTES_EXCEED_PRESENT',
        rule: 'RULES §F (民主评议党员)',
        numbers: { field: 'votes', cast: 10, present: 9 },
      });
      const crowd = await assess('p-fin-b07', assessment(votes(1, 1, 0, 0), 11)).expect(422);
      expect(crowd.body).toMatchObject({
        code: 'APPRAISAL_PRESENT_EXCEEDS_MEMBERS',
        numbers: { field: 'present', present: 11, members: 10 },
      });
    });

    it('refuses bad input naming the field (400)', async () => {
      const negative = await assess('p-fin-b07', assessment(votes(-1, 5, 0, 0))).expect(400);
      expect(negative.body.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(negative.body)).toContain('votes.excellent');
      const nobody = await assess('p-fin-b07', assessment(votes(0, 0, 0, 0), 0)).expect(400);
      expect(nobody.body).toMatchObject({ code: 'INVALID_COUNT', numbers: { field: 'present' } });
      const blank = await assess('p-fin-b07', { ...assessment(), selfAssessment: '  ' }).expect(400);
      expect(JSON.stringify(blank.body)).toContain('selfAssessment');
      const outside = await assess('p-fin-b07', assessment(undefined, undefined, '2027-01-05')).expect(400);
      expect(outside.body).toMatchObject({ code: 'DATE_OUTSIDE_YEAR', numbers: { field: 'assessedOn' } });
      const stranger = await assess('p-fin-t01', assessment()).expect(400);
      expect(stranger.body).toMatchObject({ code: 'NOT_ON_ROSTER', numbers: { field: 'personId' } });
      const foreign = await assess('p-fin-b07', assessment(), { userId: otherSecretary }).expect(403);
      expect(foreign.body.code).toBe('NOT_ORG_SECRETARY');
    });
  });

  describe('POST …/appraisals: the committee grades after the assessment, against the recorded votes', () => {
    it('refuses to grade a member not yet assessed (422 APPRAISAL_NOT_ASSESSED naming what is missing)', async () => {
      const res = await grade({ decidedOn: '2026-11-20', grades: [{ personId: 'p-fin-b08', grade: 'qualified' }] });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({
        code: 'APPRAISAL_NOT_ASSESSED',
        rule: 'RULES §F (民主评议党员)',
        numbers: { field: 'grades[0].personId', personId: 'p-fin-b08', missing: 'selfAssessment,votes' },
      });
    });

    it('checks the grade against the recorded tallies (422 GRADE_NOT_SUPPORTED_BY_VOTES), then grades', async () => {
      const wrong = await grade({ decidedOn: '2026-11-20', grades: [{ personId: 'p-fin-b07', grade: 'excellent' }] });
      expect(wrong.status).toBe(422);
      expect(wrong.body).toMatchObject({
        code: 'GRADE_NOT_SUPPORTED_BY_VOTES',
        numbers: { field: 'grades[0].grade', grade: 'excellent', favoured: 'qualified', max: 7, given: 1 },
      });
      const ok = await grade({ decidedOn: '2026-11-20', grades: [{ personId: 'p-fin-b07', grade: 'qualified' }] });
      expect(ok.status).toBe(201);
      const item = (ok.body.items as { personId: string }[]).find((i) => i.personId === 'p-fin-b07');
      expect(item).toMatchObject({ grade: 'qualified', votes: votes(1, 7, 1, 0), present: 9, decidedOn: '2026-11-20' });
      // new tallies that no longer support the grade given are refused
      const recount = await assess('p-fin-b07', assessment(votes(6, 2, 0, 0), 9)).expect(422);
      expect(recount.body).toMatchObject({ code: 'GRADE_NOT_SUPPORTED_BY_VOTES', numbers: { field: 'votes' } });
    });
  });

  describe('POST …/appraisals/filing (报上级党组织备案)', () => {
    it('refuses to file while members are ungraded, with the numbers', async () => {
      const res = await http()
        .post(`${base()}/appraisals/filing`)
        .set('Authorization', tokens[secretary]!)
        .send({})
        .expect(422);
      expect(res.body).toMatchObject({
        code: 'APPRAISAL_INCOMPLETE',
        rule: 'RULES §F (民主评议党员)',
        numbers: { ungraded: 9, members: 10 },
      });
      expect(res.body.messageEn).toContain('9 of 10 members ungraded');
    });

    it('files once all are graded; the upper organization lists it and is notified; the year is then locked', async () => {
      const rest = MEMBERS.filter((id) => id !== 'p-fin-b07');
      for (const id of rest) {
        const v = id === 'p-fin-b09' ? votes(0, 1, 1, 6) : id === 'p-fin-b04' ? votes(7, 2, 0, 0) : votes(1, 8, 0, 0);
        await assess(id, assessment(v, 9)).expect(200);
      }
      const graded = await grade({
        decidedOn: '2026-11-20',
        grades: rest.map((personId) => ({
          personId,
          grade: personId === 'p-fin-b09' ? 'unqualified' : personId === 'p-fin-b04' ? 'excellent' : 'qualified',
        })),
      }).expect(201);
      expect(graded.body.ungraded).toEqual([]);
      const filed = await http()
        .post(`${base()}/appraisals/filing`)
        .set('Authorization', tokens[secretary]!)
        .send({ note: '请审阅' })
        .expect(201);
      expect(filed.body).toMatchObject({
        orgId: ORG,
        year: YEAR,
        upperOrgId: UPPER,
        filedBy: secretary,
        members: 10,
        gradeCounts: { excellent: 1, qualified: 8, basicallyQualified: 0, unqualified: 1 },
        note: '请审阅',
      });
      // filing again answers the same filing
      const again = await http()
        .post(`${base()}/appraisals/filing`)
        .set('Authorization', tokens[secretary]!)
        .send({})
        .expect(201);
      expect(again.body.filedOn).toBe(filed.body.filedOn);
      expect((await list().expect(200)).body.filing).toMatchObject({ members: 10, upperOrgId: UPPER });

      // the upper organization's secretary: the filing in its list and an in-app notification
      const filings = await http()
        .get(`/api/orgs/${UPPER}/org-life/${YEAR}/appraisal-filings`)
        .set('Authorization', tokens[upperSecretary]!)
        .expect(200);
      expect(filings.body.items).toEqual([expect.objectContaining({ orgId: ORG, orgName: expect.any(String) })]);
      const inbox = await http().get('/api/notifications').set('Authorization', tokens[upperSecretary]!).expect(200);
      expect(inbox.body).toEqual(
        expect.arrayContaining([expect.objectContaining({ subject: expect.stringContaining('民主评议党员') })]),
      );
      // another branch's secretary does not read the upper organization's filings
      await http()
        .get(`/api/orgs/${UPPER}/org-life/${YEAR}/appraisal-filings`)
        .set('Authorization', tokens[otherSecretary]!)
        .expect(403);

      // locked: no new assessment or grade for the year
      const late = await assess('p-fin-b08', assessment(votes(1, 8, 0, 0), 9)).expect(409);
      expect(late.body).toMatchObject({ code: 'APPRAISAL_FILED', numbers: { year: YEAR } });
      const regrade = await grade({
        decidedOn: '2026-11-25',
        grades: [{ personId: 'p-fin-b08', grade: 'qualified' }],
      }).expect(409);
      expect(regrade.body.code).toBe('APPRAISAL_FILED');
    });
  });

  describe('不合格 follow-up: organizational handling (组织处置) due after the deadline to improve', () => {
    it('is due after improveBy, shown to the secretary and in compliance; recording the improvement closes it', async () => {
      // 2025: graded 不合格 on 2025-03-10, 6 months to improve → 2025-09-10, long past
      await assess('p-fin-b06', assessment(votes(0, 1, 1, 6), 9, '2025-03-01'), { year: 2025 }).expect(200);
      const graded = await grade(
        { decidedOn: '2025-03-10', grades: [{ personId: 'p-fin-b06', grade: 'unqualified' }] },
        2025,
      ).expect(201);
      expect(graded.body.items[0]).toMatchObject({
        followUp: { action: 'educate', improveBy: '2025-09-10' },
        followUpStatus: 'handlingDue',
      });

      const followUps = await http()
        .get(`/api/orgs/${ORG}/appraisal-follow-ups`)
        .set('Authorization', tokens[secretary]!)
        .expect(200);
      const byPerson = new Map(
        (followUps.body.items as { personId: string; status: string }[]).map((i) => [i.personId, i]),
      );
      expect(byPerson.get('p-fin-b06')).toMatchObject({ year: 2025, improveBy: '2025-09-10', status: 'handlingDue' });
      expect(byPerson.get('p-fin-b09')).toMatchObject({
        year: 2026,
        improveBy: '2027-05-20',
        status: B09_DUE ? 'handlingDue' : 'improving',
      });

      const compliance = async () =>
        (
          await http()
            .get('/api/org-life/compliance')
            .query({ year: 2025, orgId: ORG })
            .set('Authorization', tokens[admin]!)
            .expect(200)
        ).body.items.find((i: { orgId: string }) => i.orgId === ORG);
      expect(await compliance()).toMatchObject({
        appraisalHandlingDue: B09_DUE ? 2 : 1,
        appraisalFiled: false,
        behind: true,
      });

      // a grade without follow-up, a date before the grade
      const none = await http()
        .post(`${base()}/appraisals/p-fin-b07/improvement`)
        .set('Authorization', tokens[secretary]!)
        .send({ improvedOn: '2026-12-01' })
        .expect(422);
      expect(none.body.code).toBe('APPRAISAL_NO_FOLLOW_UP');
      const early = await http()
        .post(`${base(2025)}/appraisals/p-fin-b06/improvement`)
        .set('Authorization', tokens[secretary]!)
        .send({ improvedOn: '2025-03-01' })
        .expect(400);
      expect(early.body).toMatchObject({ code: 'INVALID_DATE', numbers: { field: 'improvedOn' } });

      const closed = await http()
        .post(`${base(2025)}/appraisals/p-fin-b06/improvement`)
        .set('Authorization', tokens[secretary]!)
        .send({ improvedOn: '2025-10-15', note: '经教育已改正' })
        .expect(201);
      expect(closed.body.items[0]).toMatchObject({
        followUpStatus: 'improved',
        improvedOn: '2025-10-15',
        improvementNote: '经教育已改正',
      });
      const twice = await http()
        .post(`${base(2025)}/appraisals/p-fin-b06/improvement`)
        .set('Authorization', tokens[secretary]!)
        .send({ improvedOn: '2025-10-16' })
        .expect(409);
      expect(twice.body.code).toBe('APPRAISAL_FOLLOW_UP_CLOSED');
      expect(await compliance()).toMatchObject({ appraisalHandlingDue: B09_DUE ? 1 : 0 });
      const after = await http()
        .get(`/api/orgs/${ORG}/appraisal-follow-ups`)
        .set('Authorization', tokens[secretary]!)
        .expect(200);
      expect((after.body.items as { personId: string }[]).map((i) => i.personId)).toEqual(['p-fin-b09']);
    });
  });
});
