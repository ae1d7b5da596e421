import request from 'supertest';
import { DEMO_IDS } from '../../../libs/db';
import { createTestApp, type TestApp } from './api-test-app';

jest.setTimeout(60_000);

const ORG = DEMO_IDS.orgs.budgetBranch;
const YEAR = 2026;
/** the self-assessment given with the grade (the assessment endpoint is orglife-appraisal-cycle.spec.ts's) */
const SELF = '本人全年按时参加组织生活，认真履行党员义务。';

/**
 * 民主评议党员 and training hours of a branch over HTTP (RULES §F; real PGlite with the demo registry, no workflow):
 * grades of roster members only, each the one its votes support, a 不合格 grade with its deadline to improve; hours
 * against 32 (members) and 56 (secretaries, deputies, committee members) to the half hour.
 */
describe('org-life appraisal and training API', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const secretary = DEMO_IDS.secretaries.budgetBranch;
  const otherSecretary = DEMO_IDS.secretaries.treasuryBranch;

  beforeAll(async () => {
    t = await createTestApp();
    for (const userId of [secretary, otherSecretary]) {
      const res = await request(t.app.getHttpServer()).post('/api/auth/dev-token').send({ userId }).expect(200);
      tokens[userId] = `Bearer ${res.body.accessToken as string}`;
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  const post = (path: string, body: unknown, userId: string = secretary) =>
    request(t.app.getHttpServer())
      .post(`/api/orgs/${ORG}/org-life/${YEAR}/${path}`)
      .set('Authorization', tokens[userId]!)
      .send(body as object);
  const get = (path: string) =>
    request(t.app.getHttpServer())
      .get(`/api/orgs/${ORG}/org-life/${YEAR}/${path}`)
      .set('Authorization', tokens[secretary]!);
  const votes = (excellent: number, qualified: number, basicallyQualified: number, unqualified: number) => ({
    excellent,
    qualified,
    basicallyQualified,
    unqualified,
  });

  describe('POST …/appraisals (民主评议党员)', () => {
    it('refuses a person not on the roster on the day decided, naming the entry (400 NOT_ON_ROSTER)', async () => {
      const res = await post('appraisals', {
        decidedOn: '2026-11-20',
        grades: [
          { personId: 'p-fin-b07', grade: 'qualified' },
          { personId: 'p-fin-t01', grade: 'qualified' }, // a member of the treasury branch
        ],
      }).expect(400);
      expect(res.body).toMatchObject({ code: 'NOT_ON_ROSTER', numbers: { field: 'grades[1].personId' } });
      // p-fin-t07 left the branch on 2025-03-01: on the roster before, not after
      const left = await post('appraisals', {
        decidedOn: '2026-11-20',
        grades: [{ personId: 'p-fin-t07', grade: 'qualified' }],
      }).expect(400);
      expect(left.body.code).toBe('NOT_ON_ROSTER');
      expect((await get('appraisals').expect(200)).body.items).toEqual([]);
    });

    it('refuses a grade its votes do not support; a tie goes to the lower grade', async () => {
      const res = await post('appraisals', {
        decidedOn: '2026-11-20',
        grades: [{ personId: 'p-fin-b07', grade: 'excellent', votes: votes(2, 5, 0, 0), selfAssessment: SELF }],
      }).expect(422);
      expect(res.body).toMatchObject({
        code: 'GRADE_NOT_SUPPORTED_BY_VOTES',
        rule: 'RULES §F (民主评议党员)',
        numbers: { field: 'grades[0].grade', grade: 'excellent', favoured: 'qualified', max: 5, given: 2 },
      });
      expect(res.body.message).toContain('5');
      const tie = await post('appraisals', {
        decidedOn: '2026-11-20',
        grades: [{ personId: 'p-fin-b07', grade: 'qualified', votes: votes(0, 3, 3, 0), selfAssessment: SELF }],
      }).expect(422);
      expect(tie.body.numbers).toMatchObject({ favoured: 'basicallyQualified', max: 3 });
      await post('appraisals', {
        decidedOn: '2026-11-20',
        grades: [
          { personId: 'p-fin-b07', grade: 'basicallyQualified', votes: votes(0, 3, 3, 0), selfAssessment: SELF },
        ],
      }).expect(201);
    });

    it('gives a 不合格 grade its deadline to improve (6 months by the policy), others none', async () => {
      const res = await post('appraisals', {
        decidedOn: '2026-11-20',
        grades: [
          { personId: 'p-fin-b09', grade: 'unqualified', votes: votes(0, 1, 1, 5), selfAssessment: SELF },
          { personId: 'p-fin-b10', grade: 'excellent', votes: votes(6, 1, 0, 0), selfAssessment: SELF },
        ],
      }).expect(201);
      const of = (personId: string) =>
        (res.body.items as { personId: string; followUp: unknown }[]).find((i) => i.personId === personId)!;
      expect(of('p-fin-b09').followUp).toMatchObject({ action: 'educate', improveBy: '2027-05-20' });
      expect(of('p-fin-b09').followUp).toMatchObject({ message: expect.stringContaining('2027-05-20') });
      expect(of('p-fin-b10').followUp).toBeNull();
      // a decision outside the year is refused naming the field
      const outside = await post('appraisals', {
        decidedOn: '2027-01-05',
        grades: [{ personId: 'p-fin-b10', grade: 'qualified' }],
      }).expect(400);
      expect(outside.body).toMatchObject({ code: 'DATE_OUTSIDE_YEAR', numbers: { field: 'decidedOn' } });
    });

    it('is the secretary’s to file (403 for another branch’s secretary)', async () => {
      const res = await post(
        'appraisals',
        { decidedOn: '2026-11-20', grades: [{ personId: 'p-fin-b07', grade: 'qualified' }] },
        otherSecretary,
      ).expect(403);
      expect(res.body.code).toBe('NOT_ORG_SECRETARY');
    });
  });

  describe('…/training (32 / 56 hours a year)', () => {
    const entry = (personId: string, hours: number) => ({ personId, on: '2026-06-15', hours, description: '专题培训' });

    it('a member with 31.5 hours is short by 0.5, with 32 meets; a secretary needs 56, an organizer 32', async () => {
      const res = await post('training', {
        entries: [
          entry('p-fin-b07', 31.5),
          entry('p-fin-b08', 20),
          entry('p-fin-b08', 12),
          entry('p-fin-b04', 32), // the branch's secretary
          entry('p-fin-b02', 32), // the organ committee's organizer: no leader post
          entry('p-fin-b01', 56), // the organ committee's secretary, a member here: leader hours wherever the post is
        ],
      }).expect(201);
      const of = (personId: string) => (res.body.items as { personId: string }[]).find((i) => i.personId === personId);
      expect(of('p-fin-b07')).toMatchObject({ leader: false, required: 32, hours: 31.5, short: 0.5, met: false });
      expect(of('p-fin-b08')).toMatchObject({ leader: false, required: 32, hours: 32, short: 0, met: true });
      expect(of('p-fin-b04')).toMatchObject({ leader: true, required: 56, hours: 32, short: 24, met: false });
      expect(of('p-fin-b02')).toMatchObject({ leader: false, required: 32, hours: 32, met: true });
      expect(of('p-fin-b01')).toMatchObject({ leader: true, required: 56, hours: 56, met: true });
      // the list reads the same back
      const list = await get('training').expect(200);
      expect(list.body.items.find((i: { personId: string }) => i.personId === 'p-fin-b07')).toMatchObject({
        short: 0.5,
        met: false,
      });
    });

    it('refuses hours for someone outside the roster or outside the year, naming the entry; not half hours', async () => {
      const outsider = await post('training', { entries: [entry('p-fin-t01', 2)] }).expect(400);
      expect(outsider.body).toMatchObject({ code: 'INVALID_TRAINING_ENTRY', numbers: { field: 'entries[0]' } });
      const lastYear = await post('training', {
        entries: [entry('p-fin-b07', 1), { ...entry('p-fin-b07', 1), on: '2025-12-31' }],
      }).expect(400);
      expect(lastYear.body.numbers).toEqual({ field: 'entries[1]' });
      const quarter = await post('training', { entries: [entry('p-fin-b07', 1.25)] }).expect(400);
      expect(quarter.body).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'entries.0.hours' }] });
    });
  });
});
