import { sql } from 'drizzle-orm';
import request from 'supertest';
import { AuditRepository, CaseSummaryRepository, DEMO_IDS } from '../../../libs/db';
import { createTestApp, type TestApp } from './api-test-app';

jest.setTimeout(60_000);

const O = DEMO_IDS.orgs;
const U = DEMO_IDS.users;
const FIN_CASE = `admission:${O.budgetBranch}:p-audit-01`;
const EDU_CASE = `establishment:${O.eduOrganCommittee}:audit-02`;

describe('GET /api/admin/audit/verify (real PGlite)', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const get = (userId: string, query = '') =>
    request(t.app.getHttpServer()).get(`/api/admin/audit/verify${query}`).set('Authorization', tokens[userId]!);

  beforeAll(async () => {
    t = await createTestApp();
    for (const userId of [U.admin, U.eduOrganCommitteeApprover, U.financeOrganCommitteeApprover]) {
      const res = await request(t.app.getHttpServer()).post('/api/auth/dev-token').send({ userId }).expect(200);
      tokens[userId] = `Bearer ${res.body.accessToken as string}`;
    }
    const audit = new AuditRepository(t.database);
    const summaries = new CaseSummaryRepository(t.database);
    const cases = [
      {
        caseId: FIN_CASE,
        orgId: O.budgetBranch,
        orgPath: [O.budgetBranch, O.financeGeneralBranch, O.financeOrganCommittee, O.workCommittee],
      },
      { caseId: EDU_CASE, orgId: O.eduOrganCommittee, orgPath: [O.eduOrganCommittee, O.workCommittee] },
    ];
    for (const c of cases) {
      await summaries.upsert({
        ...c,
        procedure: 'admission',
        title: 'audit',
        status: 'active',
        stage: 'E2',
        submittedBy: U.admin,
        submittedAt: '2026-01-01T00:00:00.000Z',
        pendingBodyIds: [],
        dueAt: null,
        closedAt: null,
      });
      for (let n = 1; n <= 3; n++) {
        await audit.append({
          dedupeKey: `${c.caseId}:${n}`,
          caseId: c.caseId,
          procedure: 'admission',
          orgId: c.orgId,
          step: `E${n}`,
          event: 'task.decided',
          actorId: U.admin,
          outcome: 'approve',
          comment: '同意',
          detail: { n },
          at: `2026-01-0${n}T00:00:00.000Z`,
        });
      }
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers ok for intact chains, then names the row edited in SQL', async () => {
    const before = await get(U.admin).expect(200);
    expect(before.body).toEqual({ ok: true, casesChecked: 2, rowsChecked: 6, broken: [] });

    await t.database.db.execute(sql`update audit_events set outcome = 'reject' where dedupe_key = ${`${FIN_CASE}:2`}`);
    const after = await get(U.admin).expect(200);
    expect(after.body).toMatchObject({ ok: false, casesChecked: 2, rowsChecked: 6 });
    expect(after.body.broken).toHaveLength(1);
    expect(after.body.broken[0]).toMatchObject({
      caseId: FIN_CASE,
      ok: false,
      firstBroken: { reason: 'hash', seq: 2, dedupeKey: `${FIN_CASE}:2` },
    });
    expect(after.body.broken[0].message).toContain(`seq 2 (${FIN_CASE}:2): hash`);

    const one = await get(U.admin, `?caseId=${encodeURIComponent(FIN_CASE)}`).expect(200);
    expect(one.body).toMatchObject({ ok: false, casesChecked: 1, rowsChecked: 3 });
    const edu = await get(U.admin, `?caseId=${encodeURIComponent(EDU_CASE)}`).expect(200);
    expect(edu.body).toMatchObject({ ok: true, casesChecked: 1, rowsChecked: 3, broken: [] });
  });

  it('checks only the cases an administrator administers', async () => {
    const res = await get(U.eduOrganCommitteeApprover).expect(200);
    expect(res.body).toMatchObject({ ok: true, casesChecked: 1, rowsChecked: 3 });
    const other = await get(U.eduOrganCommitteeApprover, `?caseId=${encodeURIComponent(FIN_CASE)}`).expect(404);
    expect(other.body.code).toBe('CASE_NOT_FOUND');
    await get(U.admin, '?caseId=no-such-case').expect(404);
  });

  it('refuses non-administrators and a caseId that cannot be stored', async () => {
    const res = await get(U.financeOrganCommitteeApprover).expect(403);
    expect(res.body.code).toBe('ADMIN_ONLY');
    const bad = await get(U.admin, '?caseId=a%00b').expect(400);
    expect(JSON.stringify(bad.body)).toContain('caseId');
  });
});
