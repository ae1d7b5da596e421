import request from 'supertest';
import { workingDayCalendar } from '../../../libs/calendar';
import { DEMO_IDS, WorkingDayRepository } from '../../../libs/db';
import { addWorkingDays, isWorkingDay } from '../../../libs/domain';
import { createTestApp, type TestApp } from './api-test-app';

// The administrators' working-day calendar (issue 10, RULES §0.2 工作日): list, enter and remove the override days of
// the years the holiday library does not know (migration 0011), through the API on a real PGlite database.

jest.setTimeout(60_000);

const U = DEMO_IDS.users;
const PATH = '/api/admin/working-days';

describe('/api/admin/working-days (real PGlite)', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const as = (userId: string) => ({
    get: (path: string) => request(t.app.getHttpServer()).get(path).set('Authorization', tokens[userId]!),
    put: (path: string, body: unknown) =>
      request(t.app.getHttpServer())
        .put(path)
        .set('Authorization', tokens[userId]!)
        .send(body as object),
    del: (path: string) => request(t.app.getHttpServer()).delete(path).set('Authorization', tokens[userId]!),
  });

  beforeAll(async () => {
    t = await createTestApp();
    for (const userId of [U.admin, U.eduOrganCommitteeApprover, U.eduSubmitter]) {
      const res = await request(t.app.getHttpServer()).post('/api/auth/dev-token').send({ userId }).expect(200);
      tokens[userId] = `Bearer ${res.body.accessToken as string}`;
    }
  });
  afterAll(() => t.close());

  it('enters the 2027 National Day holiday and its make-up Saturday, which the library does not know', async () => {
    const before = await as(U.admin).get(PATH).expect(200);
    expect(before.body.libraryYears).toContain(2026);
    expect(before.body.knownYears).not.toContain(2027);

    for (const date of ['2027-10-01', '2027-10-04', '2027-10-05', '2027-10-06', '2027-10-07']) {
      await as(U.admin).put(`${PATH}/${date}`, { working: false, note: '国庆节' }).expect(200);
    }
    const saturday = await as(U.admin).put(`${PATH}/2027-10-09`, { working: true, note: '调休上班' }).expect(200);
    expect(saturday.body).toMatchObject({
      date: '2027-10-09',
      working: true,
      note: '调休上班',
      updatedBy: U.admin,
      library: null, // the library does not know 2027
    });

    const list = await as(U.eduOrganCommitteeApprover).get(`${PATH}?year=2027`).expect(200);
    expect(list.body.knownYears).toContain(2027);
    expect(list.body.overrides.map((o: { date: string; working: boolean }) => [o.date, o.working])).toEqual([
      ['2027-10-01', false],
      ['2027-10-04', false],
      ['2027-10-05', false],
      ['2027-10-06', false],
      ['2027-10-07', false],
      ['2027-10-09', true],
    ]);
    // the calendar in force counts across the holiday and the make-up Saturday
    const calendar = workingDayCalendar(await new WorkingDayRepository(t.database).list());
    expect(isWorkingDay('2027-10-09', calendar)).toEqual({ ok: true, value: true });
    expect(addWorkingDays('2027-09-30', 2, calendar)).toEqual({ ok: true, value: '2027-10-09' }); // 8 October, then Saturday 9 October
  });

  it('corrects a day the library knows, and a removal hands the day back to the library', async () => {
    const fixed = await as(U.admin).put(`${PATH}/2026-10-10`, { working: false }).expect(200);
    expect(fixed.body).toMatchObject({ date: '2026-10-10', working: false, note: null, library: 'makeUpWorkday' });
    const removed = await as(U.admin).del(`${PATH}/2026-10-10`).expect(200);
    expect(removed.body).toMatchObject({ date: '2026-10-10', working: false });
    const again = await as(U.admin).del(`${PATH}/2026-10-10`).expect(404);
    expect(again.body.code).toBe('WORKING_DAY_OVERRIDE_NOT_FOUND');
    expect((await as(U.admin).get(`${PATH}?year=2026`).expect(200)).body.overrides).toEqual([]);
  });

  it.each([
    ['2027-02-30', 'put'],
    ['2027-1-5', 'put'],
    ['today', 'del'],
  ])('answers 400 INVALID_DATE naming the date for %s (%s)', async (date, verb) => {
    const res =
      verb === 'put'
        ? await as(U.admin).put(`${PATH}/${date}`, { working: false }).expect(400)
        : await as(U.admin).del(`${PATH}/${date}`).expect(400);
    expect(res.body).toMatchObject({ code: 'INVALID_DATE', numbers: { field: 'date' } });
  });

  it('answers 400 for a body or a year that is no calendar entry', async () => {
    const body = await as(U.admin).put(`${PATH}/2027-10-08`, { working: 'yes' }).expect(400);
    expect(body.body.code).toBe('VALIDATION_FAILED');
    expect((await as(U.admin).put(`${PATH}/2027-10-08`, { working: true, extra: 1 }).expect(400)).body.code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await as(U.admin).get(`${PATH}?year=1999`).expect(400)).body.code).toBe('VALIDATION_FAILED');
  });

  it('lets every administrator read, only the organs work committee administrator change (403)', async () => {
    expect((await as(U.eduSubmitter).get(PATH).expect(403)).body.code).toBe('ADMIN_ONLY');
    const subtree = await as(U.eduOrganCommitteeApprover).put(`${PATH}/2027-10-08`, { working: false }).expect(403);
    expect(subtree.body.code).toBe('NOT_ROOT_ADMIN');
    expect((await as(U.eduOrganCommitteeApprover).del(`${PATH}/2027-10-01`).expect(403)).body.code).toBe(
      'NOT_ROOT_ADMIN',
    );
    expect((await as(U.eduSubmitter).put(`${PATH}/2027-10-08`, { working: false }).expect(403)).body.code).toBe(
      'NOT_ROOT_ADMIN',
    );
  });
});
