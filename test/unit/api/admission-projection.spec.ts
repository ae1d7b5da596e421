import { eq } from 'drizzle-orm';
import { createActivities, type Activities } from '../../../activities';
import { toSummaryRow, type CaseSummaryProjection } from '../../../activities/projection/projection.activities';
import { caseSummaries, openTestDatabase, type TestDatabase } from '../../../libs/db';
import { admissionApprovers, checkEntitledVoters, checkOrgCanAdmit } from '../../../libs/domain';

jest.setTimeout(60_000);

const base: CaseSummaryProjection = {
  caseId: 'admission:org-b1:p-1',
  procedure: 'admission',
  orgId: 'org-b1',
  orgPath: ['org-b1', 'org-oc', 'org-wc'],
  title: '发展党员：甲',
  status: 'active',
  stage: 'E2',
  submittedBy: 'u-1',
  submittedAt: '2026-11-01T00:00:00.000Z',
  pendingBodyIds: ['org-b1'],
  dueAt: null,
  closedAt: null,
  at: '2026-11-01T00:00:00.000Z',
};

describe('admission read model: state.data.flags / personId → case_summaries', () => {
  let database: TestDatabase;
  let activities: Activities;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    activities = createActivities({
      database,
      mailer: { send: async () => undefined },
      mailFrom: 'x@example.test',
      webBaseUrl: 'http://web',
    });
  });
  afterAll(() => database.drop());

  it('normalises flags (strings only, distinct, sorted) and the person id; others get none', () => {
    expect(
      toSummaryRow({
        ...base,
        flags: ['talkOverdue', 7, '', 'approvalBeyondThreeMonths', 'talkOverdue'],
        personId: 'p-1',
      }),
    ).toMatchObject({ flags: ['approvalBeyondThreeMonths', 'talkOverdue'], personId: 'p-1' });
    expect(toSummaryRow({ ...base, flags: { talkOverdue: true }, personId: 42 })).toMatchObject({
      flags: [],
      personId: null,
    });
  });

  it('applyProjections writes the flags and person of each newer snapshot', async () => {
    const batch = (summary: CaseSummaryProjection) => ({ closeTasks: [], openTasks: [], audit: [], summary });
    await activities.applyProjections(batch({ ...base, flags: [], personId: 'p-1' }));
    await activities.applyProjections(
      batch({ ...base, stage: 'E3', flags: ['talkOverdue'], personId: 'p-1', at: '2026-12-05T00:00:00.000Z' }),
    );
    const [row] = await database.db.select().from(caseSummaries).where(eq(caseSummaries.caseId, base.caseId));
    expect(row).toMatchObject({ stage: 'E3', flags: ['talkOverdue'], personId: 'p-1' });
  });
});

describe('admission registry rules (RULES §A.3, H-16, §E step 15)', () => {
  it('picks the organ committee above the branch, else the organs work committee at the root', () => {
    const party = 'pg-x';
    expect(
      admissionApprovers(
        [
          { id: 'org-gb', type: 'generalBranch' },
          { id: 'org-oc', type: 'organCommittee' },
          { id: 'org-wc', type: 'organsWorkCommittee' },
        ],
        party,
      ),
    ).toEqual({ upperCommitteeId: 'org-oc', partyGroupBodyId: party });
    expect(
      admissionApprovers(
        [
          { id: 'org-gb', type: 'generalBranch' },
          { id: 'org-wc', type: 'organsWorkCommittee' },
        ],
        null,
      ),
    ).toEqual({
      upperCommitteeId: 'org-wc',
      partyGroupBodyId: null,
    });
  });

  it('lets active branches and general branches admit, never temporary branches or dissolved ones', () => {
    const org = (type: string, status = 'active') => ({ id: 'o', name: 'o', type, status });
    expect(checkOrgCanAdmit(org('branch'))).toBeNull();
    expect(checkOrgCanAdmit(org('generalBranch'))).toBeNull();
    expect(checkOrgCanAdmit(org('temporaryBranch'))?.code).toBe('ORG_CANNOT_ADMIT');
    expect(checkOrgCanAdmit(org('branch', 'dissolved'))?.numbers).toMatchObject({ status: 'dissolved' });
  });

  it('names both numbers when the entitled count differs from the registry', () => {
    expect(checkEntitledVoters('E15', 8, 8, '2026-11-01')).toBeNull();
    expect(checkEntitledVoters('E23', 9, 8, '2026-11-01')).toMatchObject({
      code: 'ENTITLED_COUNT_MISMATCH',
      rule: 'RULES §E step 23',
      numbers: { entitled: 9, registryEntitled: 8 },
    });
  });
});
