import {
  checkDemocraticLifeMeeting,
  checkDemocraticLifeProposal,
  checkLeadershipTeam,
  checkPreparationDate,
  checkRectificationList,
  checkRectificationReview,
  checkSelfExaminations,
  daysUntil,
  getPolicy,
  leadershipTeam,
  type RectificationItem,
  type TeamMember,
} from '../../../libs/domain';

const policy = getPolicy();
const TEAM: TeamMember[] = [
  { personId: 'p1', name: '甲', post: 'secretary' },
  { personId: 'p2', name: '乙', post: 'deputySecretary' },
  { personId: 'p3', name: '丙', post: 'committeeMember' },
];
const code = (v: { code: string } | null) => v?.code ?? null;

/** 民主生活会 of a leadership team — RULES §F (seed 002; 机关条例2019 Art. 26), every rule at its boundary. */
describe('democratic life meeting — RULES §F', () => {
  it('takes the team from the posts: secretary, deputies, committee members; not the organizer', () => {
    const team = leadershipTeam([
      { personId: 'p3', name: '丙', post: 'committeeMember' },
      { personId: 'p9', name: '组织员', post: 'organizer' },
      { personId: 'p1', name: '甲', post: 'secretary' },
      { personId: 'p1', name: '甲', post: 'committeeMember' },
      { personId: 'p2', name: '乙', post: 'deputySecretary' },
    ]);
    expect(team.map((m) => [m.personId, m.post])).toEqual([
      ['p1', 'secretary'],
      ['p2', 'deputySecretary'],
      ['p3', 'committeeMember'],
    ]);
    expect(code(checkLeadershipTeam([], '办公室支部'))).toBe('DEMOCRATIC_LIFE_NEEDS_TEAM');
    expect(checkLeadershipTeam(team, 'x')).toBeNull();
  });

  it.each<[string, string, string, string | null]>([
    ['作风建设', '2027-06-21', '2027-06-20', null],
    ['作风建设', '2027-06-20', '2027-06-20', null], // today: consent, preparation and the meeting still come in order
    ['作风建设', '2027-06-19', '2027-06-20', 'DEMOCRATIC_LIFE_DATE_PAST'], // yesterday
    ['作风建设', '2027-01-05', '2027-06-20', 'DEMOCRATIC_LIFE_DATE_PAST'],
    ['作风建设', '2028-01-05', '2027-06-20', 'DATE_OUTSIDE_YEAR'],
    ['   ', '2027-07-01', '2027-06-20', 'TOPIC_REQUIRED'],
    ['作风建设', '2027-06-31', '2027-06-20', 'INVALID_DATE'], // no 31 June: answered, not thrown
    ['作风建设', 'soon', '2027-06-20', 'INVALID_DATE'],
  ])('proposal %p on %s (today %s): %s', (topic, plannedDate, today, expected) => {
    expect(code(checkDemocraticLifeProposal({ year: 2027, topic, plannedDate }, today))).toBe(expected);
  });

  it.each<[unknown, string, string | null]>([
    ['2027-06-20', '2027-06-20', null], // the agreed day itself
    ['2027-06-10', '2027-06-20', null],
    ['2027-06-21', '2027-06-30', 'PREPARATION_AFTER_MEETING'], // after the meeting date
    ['2027-06-19', '2027-06-18', 'PREPARATION_AFTER_MEETING'], // after today
    [undefined, '2027-06-18', 'INVALID_DATE'],
    ['2027-02-29', '2027-06-18', 'INVALID_DATE'], // not a leap year: answered, not thrown
  ])('study completed on %p (today %s): %s', (completedOn, today, expected) => {
    expect(code(checkPreparationDate('D3', completedOn, '2027-06-20', today))).toBe(expected);
  });

  it.each<[string[], string | null]>([
    [['p1', 'p2', 'p3'], null],
    [['p3', 'p1', 'p2'], null],
    [['p1', 'p2'], 'SELF_EXAMINATION_MISSING'],
    [[], 'SELF_EXAMINATION_MISSING'],
    [['p1', 'p2', 'p3', 'p4'], 'NOT_ON_TEAM'],
  ])('self-examinations of %p: %s', (submitted, expected) => {
    const v = checkSelfExaminations(TEAM, submitted);
    expect(code(v)).toBe(expected);
    if (v?.code === 'SELF_EXAMINATION_MISSING') expect(v.numbers).toMatchObject({ team: 3 });
  });

  const previous: RectificationItem[] = [
    { itemId: 'c#1', text: 'a', ownerPersonId: 'p1', deadline: '2027-09-30' },
    { itemId: 'c#2', text: 'b', ownerPersonId: 'p2', deadline: '2027-12-31' },
  ];

  it.each<[string, string, string[], string | null]>([
    ['2027-06-20', '2027-06-20', ['p1'], null],
    ['2027-06-19', '2027-06-20', ['p1'], 'DEMOCRATIC_LIFE_DATE_NOT_AGREED'],
    ['2027-06-21', '2027-06-21', ['p1'], 'DEMOCRATIC_LIFE_DATE_NOT_AGREED'],
    ['2027-06-20', '2027-06-19', ['p1'], 'RECORD_IN_FUTURE'],
    ['2027-06-20', '2027-06-20', ['p7'], 'NOT_ON_TEAM'],
    ['2027-06-31', '2027-06-20', ['p1'], 'INVALID_DATE'], // no 31 June: answered, not thrown
  ])('meeting held on %s (today %s, present %p): %s', (heldOn, today, present, expected) => {
    const v = checkDemocraticLifeMeeting(
      { heldOn, presentPersonIds: present, review: [] },
      { agreedDate: '2027-06-20', today, team: TEAM, previous: [] },
    );
    expect(code(v)).toBe(expected);
  });

  it('reports on every item of the previous list once, with a note when not done', () => {
    expect(code(checkRectificationReview(previous, []))).toBe('RECTIFICATION_REVIEW_MISSING');
    expect(checkRectificationReview(previous, [{ itemId: 'c#1', status: 'done' }])?.numbers).toMatchObject({
      previous: 2,
      missing: 1,
      itemIds: 'c#2',
    });
    expect(
      code(
        checkRectificationReview(previous, [
          { itemId: 'c#1', status: 'done' },
          { itemId: 'c#1', status: 'done' },
        ]),
      ),
    ).toBe('REVIEW_ITEM_UNKNOWN');
    expect(code(checkRectificationReview(previous, [{ itemId: 'x#9', status: 'done' }]))).toBe('REVIEW_ITEM_UNKNOWN');
    expect(
      code(
        checkRectificationReview(previous, [
          { itemId: 'c#1', status: 'done' },
          { itemId: 'c#2', status: 'notDone', note: ' ' },
        ]),
      ),
    ).toBe('REVIEW_NOTE_REQUIRED');
    expect(
      checkRectificationReview(previous, [
        { itemId: 'c#2', status: 'inProgress', note: '推进中' },
        { itemId: 'c#1', status: 'done' },
      ]),
    ).toBeNull();
    expect(checkRectificationReview([], [])).toBeNull();
  });

  const item = (deadline: string, ownerPersonId = 'p1', text = '建章立制') => ({ text, ownerPersonId, deadline });
  it.each<[ReturnType<typeof item>[], string | null]>([
    [[item('2027-06-21')], null], // the day after the meeting
    [[item('2028-06-20')], null], // policy.orgLife.rectificationMaxPeriod: a year after the meeting
    [[item('2027-06-20')], 'RECTIFICATION_DEADLINE_NOT_AFTER_MEETING'],
    [[item('2028-06-21')], 'RECTIFICATION_DEADLINE_TOO_LATE'],
    [[item('2027-09-30', 'p9')], 'NOT_ON_TEAM'],
    [[item('2027-09-30', 'p1', ' ')], 'RECTIFICATION_TEXT_REQUIRED'],
    [[item('2027-09-31')], 'INVALID_DATE'], // no 31 September: answered, not thrown
    [[], 'RECTIFICATION_ITEMS_COUNT'],
    [Array.from({ length: 100 }, () => item('2027-09-30')), null], // policy.orgLife.maxRectificationItems
    [Array.from({ length: 101 }, () => item('2027-09-30')), 'RECTIFICATION_ITEMS_COUNT'],
  ])('rectification list %#: %s', (items, expected) => {
    expect(code(checkRectificationList(items, '2027-06-20', TEAM, policy))).toBe(expected);
  });

  it.each([
    ['2027-06-01', '2027-06-20', 19],
    ['2027-06-19', '2027-06-20', 1],
    ['2027-06-20', '2027-06-20', 1], // due at least a day ahead
  ])('preparation from %s is due in days until %s: %i', (today, date, days) => {
    expect(daysUntil(today, date)).toBe(days);
  });
});
