import { createActivities } from '../../../activities';
import {
  DEMO_IDS,
  DuesRepository,
  OrgLifeRepository,
  openDatabase,
  seedDemoData,
  type Database,
} from '../../../libs/db';
import { CURRENT_POLICY_VERSION } from '../../../libs/domain';

jest.setTimeout(60_000);

const ORG = DEMO_IDS.orgs.budgetBranch;

/**
 * The monthly lapse watch reads the registry's "dues unpaid" fact (RULES §F, 党章 Art. 9): the activity the org-life
 * workflow runs at each month's start, on PGlite with the demo registry.
 */
describe('lapse watch with the dues fact (runLapseWatch)', () => {
  let database: Database;
  let acts: ReturnType<typeof createActivities>;
  beforeAll(async () => {
    database = await openDatabase({ pgliteDir: 'memory://' });
    await seedDemoData(database);
    acts = createActivities({ database, mailer: null, mailFrom: 'test@branchflow.local', webBaseUrl: 'http://x' });
    // every member present at one meeting in June: nobody is on the watch for attendance
    await new OrgLifeRepository(database).insertRecord({
      recordId: 'olr-june',
      orgId: ORG,
      occurrenceId: 'committeeMeeting.2027.6',
      kind: 'committeeMeeting',
      heldOn: '2027-06-05',
      place: null,
      topic: '支委会',
      presidedBy: null,
      minutes: null,
      resolutions: [],
      quorum: null,
      noticeOn: null,
      teacherPersonId: null,
      teacherIsSecretary: false,
      hours: null,
      guests: [],
      expected: 3,
      present: 3,
      recordedBy: 'u-sec-fin-budget',
      recordedAt: '2027-06-05T10:00:00.000Z',
      attendance: ['p-fin-b04', 'p-fin-b05', 'p-fin-b06'].map((personId) => ({
        personId,
        membershipStatus: 'full',
        status: 'present',
        reason: null,
      })),
    });
    const dues = new DuesRepository(database);
    await dues.recordArrears({ personId: 'p-fin-b05', sinceMonth: '2027-01', note: null, recordedBy: 'u-admin' });
    await dues.recordArrears({ personId: 'p-fin-b06', sinceMonth: '2027-04', note: null, recordedBy: 'u-admin' });
  });
  afterAll(async () => {
    await database?.close();
  });

  const watch = (asOf: string) => acts.runLapseWatch({ orgId: ORG, asOf, policyVersion: CURRENT_POLICY_VERSION });

  it('flags a member with six months ended unpaid and warns at three, though both attend', async () => {
    const may = await watch('2027-05-31');
    const of = (results: Awaited<ReturnType<typeof watch>>, personId: string) =>
      results.find((r) => r.personId === personId)!;
    expect(of(may, 'p-fin-b05')).toMatchObject({ level: 'warned', reasons: ['dues'], duesUnpaidMonths: 5 });
    expect(of(may, 'p-fin-b06')).toMatchObject({ level: 'none', duesUnpaidMonths: 2 });
    const june = await watch('2027-06-30');
    expect(of(june, 'p-fin-b05')).toMatchObject({
      level: 'flagged',
      reasons: ['dues'],
      duesUnpaidMonths: 6,
      consecutiveMonths: 0,
    });
    expect(of(june, 'p-fin-b06')).toMatchObject({ level: 'warned', reasons: ['dues'], duesUnpaidMonths: 3 });
    const rows = await new OrgLifeRepository(database).listLapseWatch([ORG]);
    expect(rows.find((r) => r.personId === 'p-fin-b05')).toMatchObject({
      level: 'flagged',
      reasons: ['dues'],
      duesUnpaidMonths: 6,
    });
  });

  it('drops the member from the watch once the arrears are settled', async () => {
    await new DuesRepository(database).settle('p-fin-b06', '2027-07-03', 'u-admin');
    const july = await watch('2027-07-31');
    expect(july.find((r) => r.personId === 'p-fin-b06')).toMatchObject({ level: 'none', duesUnpaidMonths: 0 });
    const rows = await new OrgLifeRepository(database).listLapseWatch([ORG]);
    expect(rows.map((r) => r.personId)).not.toContain('p-fin-b06');
  });
});
