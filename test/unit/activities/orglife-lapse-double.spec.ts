import { createActivities } from '../../../activities';
import { DEMO_IDS, OrgLifeRepository, openDatabase, seedDemoData, type Database } from '../../../libs/db';
import { CURRENT_POLICY_VERSION } from '../../../libs/domain';

jest.setTimeout(60_000);

const BRANCH = DEMO_IDS.orgs.budgetBranch;
const ORGAN = DEMO_IDS.orgs.financeOrganCommittee;
/** the organ committee's secretary, a member of the budget branch: a leading cadre with two organizational lives */
const CADRE = 'p-fin-b01';
/** a member of the branch absent without reason, with no other organizational life */
const ABSENT = 'p-fin-b02';

/**
 * Leading cadres' double organizational life (双重组织生活, RULES §F): attendance at the leadership team's meeting counts
 * as much as at the branch. The monthly lapse watch (runLapseWatch, on PGlite with the demo registry) warns a branch
 * member absent without reason for 3 months, but not a cadre who missed the branch while attending the organ committee.
 */
describe('lapse watch with double organizational life (runLapseWatch)', () => {
  let database: Database;
  let acts: ReturnType<typeof createActivities>;

  const record = (orgId: string, month: string, attendance: [string, 'present' | 'absent'][]) => ({
    recordId: `olr-${orgId}-${month}`,
    orgId,
    occurrenceId: `committeeMeeting.2027.${Number(month)}`,
    kind: 'committeeMeeting',
    heldOn: `2027-${month}-${orgId === BRANCH ? '10' : '20'}`,
    place: null,
    topic: orgId === BRANCH ? '支部党员大会' : '机关党委会议',
    presidedBy: null,
    minutes: null,
    resolutions: [],
    quorum: null,
    noticeOn: null,
    teacherPersonId: null,
    teacherIsSecretary: false,
    hours: null,
    guests: [],
    expected: attendance.length,
    present: attendance.filter(([, s]) => s === 'present').length,
    recordedBy: 'u-sec-fin-budget',
    recordedAt: `2027-${month}-20T10:00:00.000Z`,
    attendance: attendance.map(([personId, status]) => ({
      personId,
      membershipStatus: 'full',
      status,
      reason: null,
    })),
  });

  beforeAll(async () => {
    database = await openDatabase({ pgliteDir: 'memory://' });
    await seedDemoData(database);
    acts = createActivities({ database, mailer: null, mailFrom: 'test@branchflow.local', webBaseUrl: 'http://x' });
    const repo = new OrgLifeRepository(database);
    for (const month of ['01', '02', '03', '04']) {
      // the branch: both absent without a reason every month, the secretary present
      await repo.insertRecord(
        record(BRANCH, month, [
          [CADRE, 'absent'],
          [ABSENT, 'absent'],
          ['p-fin-b04', 'present'],
        ]),
      );
      // the organ committee's meeting: the cadre present
      await repo.insertRecord(record(ORGAN, month, [[CADRE, 'present']]));
    }
  });
  afterAll(async () => {
    await database?.close();
  });

  it('warns the member absent three months and more, not the cadre present at the organ committee', async () => {
    const results = await acts.runLapseWatch({
      orgId: BRANCH,
      asOf: '2027-04-30',
      policyVersion: CURRENT_POLICY_VERSION,
    });
    const of = (personId: string) => results.find((r) => r.personId === personId)!;
    expect(of(ABSENT)).toMatchObject({ level: 'warned', consecutiveMonths: 4, sinceMonth: '2027-01' });
    expect(of(CADRE)).toMatchObject({ level: 'none', consecutiveMonths: 0 });
    const watched = await new OrgLifeRepository(database).listLapseWatch([BRANCH]);
    expect(watched.map((r) => r.personId)).toEqual([ABSENT]);
  });
});
