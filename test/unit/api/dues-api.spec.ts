import request from 'supertest';
import { DEMO_IDS } from '../../../libs/db';
import { getPolicy, localDate } from '../../../libs/domain';
import { createTestApp, type TestApp } from './api-test-app';

jest.setTimeout(60_000);

const MEMBER = 'p-fin-b05'; // full member of the budget branch

function monthsBefore(today: string, n: number): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) - n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/** 党费欠缴 in the registry (RULES §F lapse watch, 党章 Art. 9): administrators record it, registry readers see it. */
describe('dues arrears API', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const admin = DEMO_IDS.users.admin; // over the work committee's whole tree
  const eduAdmin = DEMO_IDS.users.eduOrganCommitteeApprover; // admin over the education organ committee only
  const secretary = DEMO_IDS.secretaries.budgetBranch;
  const today = localDate(new Date().toISOString(), getPolicy());

  beforeAll(async () => {
    t = await createTestApp();
    for (const userId of [admin, eduAdmin, secretary]) {
      const res = await request(t.app.getHttpServer()).post('/api/auth/dev-token').send({ userId }).expect(200);
      tokens[userId] = `Bearer ${res.body.accessToken as string}`;
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  const put = (userId: string, personId: string, body: unknown) =>
    request(t.app.getHttpServer())
      .put(`/api/people/${personId}/dues`)
      .set('Authorization', tokens[userId]!)
      .send(body as object);
  const get = (userId: string, personId: string) =>
    request(t.app.getHttpServer()).get(`/api/people/${personId}/dues`).set('Authorization', tokens[userId]!);

  it('records the first unpaid month, counts the months ended unpaid, and clears it once paid', async () => {
    const since = monthsBefore(today, 3);
    const res = await put(admin, MEMBER, { unpaidSince: since, note: '未按月交纳' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ personId: MEMBER, unpaidSince: since, asOf: today });
    expect([3, 4]).toContain(res.body.unpaidMonths); // 4 on the last day of a month
    expect(res.body.history).toEqual([
      expect.objectContaining({ sinceMonth: since, settledOn: null, recordedBy: admin }),
    ]);
    // the branch secretary reads the registry of the branch
    expect((await get(secretary, MEMBER)).body.unpaidSince).toBe(since);
    const cleared = await put(admin, MEMBER, { unpaidSince: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ unpaidSince: null, unpaidMonths: 0 });
    expect(cleared.body.history[0]).toMatchObject({ sinceMonth: since, settledOn: today, settledBy: admin });
  });

  it('names the field of a bad or future month (400) and refuses non-administrators (403) and non-members (409)', async () => {
    const future = await put(admin, MEMBER, { unpaidSince: monthsBefore(today, -1) });
    expect(future.status).toBe(400);
    expect(future.body).toMatchObject({ code: 'DUES_MONTH_IN_FUTURE', numbers: { field: 'unpaidSince' } });
    const malformed = await put(admin, MEMBER, { unpaidSince: '2027-1' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.issues.map((i: { path: string }) => i.path)).toContain('unpaidSince');
    const month13 = await put(admin, MEMBER, { unpaidSince: '2027-13' });
    expect(month13.body).toMatchObject({ code: 'INVALID_MONTH', numbers: { field: 'unpaidSince' } });
    for (const userId of [secretary, eduAdmin]) {
      const refused = await put(userId, MEMBER, { unpaidSince: monthsBefore(today, 1) });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('ADMIN_ONLY');
    }
    const applicant = await put(admin, DEMO_IDS.applicants.budget, { unpaidSince: monthsBefore(today, 1) });
    expect(applicant.status).toBe(409);
    expect(applicant.body.code).toBe('NOT_A_MEMBER');
    expect((await put(admin, 'p-nobody', { unpaidSince: null })).status).toBe(404);
    expect((await get(eduAdmin, MEMBER)).status).toBe(403);
  });
});
