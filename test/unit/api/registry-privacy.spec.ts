import request from 'supertest';
import { DEMO_IDS } from '../../../libs/db';
import { createTestApp, type TestApp } from './api-test-app';

// PGlite boots a WASM Postgres per app; slow on a busy machine.
jest.setTimeout(60_000);

const O = DEMO_IDS.orgs;
const U = DEMO_IDS.users;

describe('registry privacy: rosters and people (RULES §H.15)', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    for (const userId of Object.values(U)) {
      const res = await request(t.app.getHttpServer()).post('/api/auth/dev-token').send({ userId }).expect(200);
      tokens[userId] = `Bearer ${res.body.accessToken as string}`;
    }
  });
  afterAll(() => t.close());

  const status = async (userId: string, path: string): Promise<[number, string | undefined]> => {
    const res = await request(t.app.getHttpServer()).get(path).set('Authorization', tokens[userId]!);
    return [res.status, res.status === 200 ? undefined : (res.body.code as string)];
  };

  it('shows a roster to admins of the subtree and approvers / submitters at the org or an ancestor', async () => {
    const budget = `/api/orgs/${O.budgetBranch}/roster`;
    expect(await status(U.admin, budget)).toEqual([200, undefined]);
    expect(await status(U.financeOrganCommitteeApprover, budget)).toEqual([200, undefined]);
    expect(await status(U.workCommitteeApprover, budget)).toEqual([200, undefined]);
    expect(await status(U.eduSubmitter, `/api/orgs/${O.eduOrganCommittee}/roster`)).toEqual([200, undefined]);
  });

  it('refuses everyone else with 403 NOT_VISIBLE', async () => {
    const budget = `/api/orgs/${O.budgetBranch}/roster`;
    // edu admin / approver, edu submitter and a party-group approver hold nothing on the finance path
    expect(await status(U.eduOrganCommitteeApprover, budget)).toEqual([403, 'NOT_VISIBLE']);
    expect(await status(U.eduSubmitter, budget)).toEqual([403, 'NOT_VISIBLE']);
    expect(await status(U.financePartyGroupApprover, budget)).toEqual([403, 'NOT_VISIBLE']);
    // an approver below the org does not see the parent's roster
    expect(await status(U.financeOrganCommitteeApprover, `/api/orgs/${O.workCommittee}/roster`)).toEqual([
      403,
      'NOT_VISIBLE',
    ]);
  });

  it('limits a person record the same way through the orgs holding their membership', async () => {
    expect(await status(U.financeOrganCommitteeApprover, '/api/people/p-fin-b08')).toEqual([200, undefined]);
    expect(await status(U.eduSubmitter, '/api/people/p-fin-b08')).toEqual([403, 'NOT_VISIBLE']);
    expect(await status(U.eduOrganCommitteeApprover, '/api/people/p-edu-01')).toEqual([200, undefined]);
    expect(await status(U.financePartyGroupApprover, '/api/people/p-edu-01')).toEqual([403, 'NOT_VISIBLE']);
    // a non-member has no membership to protect: administrators only
    expect(await status(U.admin, '/api/people/p-applicant-01')).toEqual([200, undefined]);
    expect(await status(U.eduSubmitter, '/api/people/p-applicant-01')).toEqual([403, 'NOT_VISIBLE']);
    expect(await status(U.eduSubmitter, '/api/people/p-missing')).toEqual([404, 'PERSON_NOT_FOUND']);
  });

  it("keeps an applicant's birth date and contact within the scope of their work unit's organization (issue 8 §4)", async () => {
    // p-applicant-02 works at the budget branch (unitOrgId): its readers and the administrators over it only
    expect(await status(U.budgetBranchApprover, '/api/people/p-applicant-02')).toEqual([200, undefined]);
    expect(await status(U.admin, '/api/people/p-applicant-02')).toEqual([200, undefined]);
    // an administrator of another subtree (the education organ committee) no longer reads every applicant
    expect(await status(U.eduOrganCommitteeApprover, '/api/people/p-applicant-02')).toEqual([403, 'NOT_VISIBLE']);
    expect(await status(U.eduSubmitter, '/api/people/p-applicant-02')).toEqual([403, 'NOT_VISIBLE']);
  });

  it('keeps the org tree and org records open to any signed-in user', async () => {
    expect(await status(U.eduSubmitter, '/api/orgs')).toEqual([200, undefined]);
    expect(await status(U.financePartyGroupApprover, `/api/orgs/${O.budgetBranch}`)).toEqual([200, undefined]);
  });
});
