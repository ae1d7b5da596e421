import { DEMO_IDS, OrgLifeRepository, seedDemoData, type PlanProjection } from '../../../libs/db';
import { LANES, useLane } from './lanes';

const plan = (asOf: string, status: PlanProjection['status'], occStatus = 'planned'): PlanProjection => ({
  orgId: 'org-x',
  year: 2027,
  orgType: 'branch',
  status,
  themeDayOfMonth: 15,
  approvalCaseId: null,
  approvedAt: null,
  approvedBy: null,
  policyVersion: '2026.1',
  asOf,
  occurrences: [
    {
      occurrenceId: 'generalMeeting.2027.1',
      kind: 'generalMeeting',
      seq: 1,
      periodStart: '2027-01-01',
      periodEnd: '2027-03-31',
      plannedDate: '2027-02-20',
      noticeOn: '2027-02-17',
      remindOn: '2027-03-24',
      status: occStatus,
      openedAt: null,
      remindedAt: null,
      closedAt: null,
      recordId: occStatus === 'held' ? 'rec-1' : null,
    },
  ],
});

describe.each(LANES)('organizational life repository on %s', (lane) => {
  const db = useLane(lane);
  let repo: OrgLifeRepository;
  beforeAll(() => {
    repo = new OrgLifeRepository(db());
  });

  it('projects a plan; an older projection never overwrites a newer one', async () => {
    await repo.projectPlan(plan('2027-01-02T00:00:00.000Z', 'submitted'));
    await repo.projectPlan(plan('2027-01-01T00:00:00.000Z', 'draft'));
    expect((await repo.getPlan('org-x', 2027))?.status).toBe('submitted');
    expect(await repo.getPlan('org-x', 2028)).toBeNull();
  });

  it('stores a record once with attendance and training hours; compliance rows join the record', async () => {
    const record = {
      recordId: 'rec-1',
      orgId: 'org-x',
      occurrenceId: 'generalMeeting.2027.1',
      kind: 'generalMeeting',
      heldOn: '2027-02-20',
      place: '会议室',
      topic: '学习',
      presidedBy: 'p1',
      minutes: null,
      resolutions: [],
      quorum: { met: true },
      noticeOn: '2027-02-17',
      teacherPersonId: null,
      teacherIsSecretary: false,
      hours: 2,
      guests: [],
      expected: 2,
      present: 1,
      recordedBy: 'u-sec',
      recordedAt: '2027-02-20T10:00:00.000Z',
      attendance: [
        { personId: 'p1', membershipStatus: 'full', status: 'present', reason: null },
        { personId: 'p2', membershipStatus: 'full', status: 'absent', reason: null },
      ],
    };
    const training = [
      {
        personId: 'p1',
        orgId: 'org-x',
        year: 2027,
        on: '2027-02-20',
        hours: 1.5,
        source: 'class' as const,
        sourceId: 'rec-1',
        description: null,
      },
    ];
    await repo.insertRecord(record, training);
    await repo.insertRecord({ ...record, topic: 'changed' }, training);
    const stored = await repo.getRecord('rec-1');
    expect(stored?.topic).toBe('学习');
    expect(stored?.attendance.map((a) => a.status)).toEqual(['present', 'absent']);
    expect((await repo.trainingHours(['p1', 'p2'], 2027)).get('p1')).toBe(1.5);
    expect(await repo.attendanceFacts(['p2'], '2027-12-31')).toEqual([
      { personId: 'p2', date: '2027-02-20', status: 'absent' },
    ]);
    await repo.projectPlan(plan('2027-02-21T00:00:00.000Z', 'approved', 'held'));
    expect(await repo.complianceRows(['org-x'], 2027)).toEqual([
      {
        orgId: 'org-x',
        occurrenceId: 'generalMeeting.2027.1',
        plannedDate: '2027-02-20',
        heldOn: '2027-02-20',
        kind: 'generalMeeting',
        status: 'held',
        periodEnd: '2027-03-31',
        expected: 2,
        present: 1,
        teacherIsSecretary: false,
      },
    ]);
    expect((await repo.listRecords('org-x', 2027)).length).toBe(1);
  });

  it('keeps the lapse watch: level none removes the member', async () => {
    const row = {
      orgId: 'org-x',
      personId: 'p2',
      level: 'warned',
      consecutiveMonths: 3,
      sinceMonth: '2027-01',
      reasons: [],
      duesUnpaidMonths: 0,
      asOf: '2027-03-31',
    };
    await repo.replaceLapseWatch('org-x', [row]);
    await repo.setLapseCase('org-x', 'p2', 'lapse:org-x:p2');
    await repo.replaceLapseWatch('org-x', [{ ...row, consecutiveMonths: 4 }]);
    expect(await repo.listLapseWatch(['org-x'])).toMatchObject([{ consecutiveMonths: 4, caseId: 'lapse:org-x:p2' }]);
    await repo.replaceLapseWatch('org-x', [{ ...row, level: 'none', consecutiveMonths: 0 }]);
    expect(await repo.listLapseWatch(['org-x'])).toEqual([]);
  });

  it('answers each member’s posts of the day in any organization (the domain decides who needs the leader hours)', async () => {
    await seedDemoData(db());
    const rows = await repo.trainingByMember([DEMO_IDS.orgs.budgetBranch], 2026, '2026-11-10');
    const posts = new Map(rows.map((r) => [r.personId, r.posts]));
    expect(posts.get('p-fin-b04')).toEqual(['secretary']); // the branch's secretary
    expect(posts.get('p-fin-b01')).toEqual(['secretary']); // the organ committee's secretary, a member here
    expect(posts.get('p-fin-b02')).toEqual(['organizer']); // an organizer: member hours
    expect(posts.get('p-fin-b07')).toEqual([]);
  });
});
