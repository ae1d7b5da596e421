import {
  checkRectifiedOn,
  checkReportingSecretary,
  checkSecretaryReportAppraisal,
  checkSecretaryReportDate,
  getPolicy,
  secretaryReportFollowUp,
  withOverrides,
} from '../../../libs/domain';

const policy = getPolicy();
const code = (v: { code: string } | null) => v?.code ?? null;
const ctx = { reportedOn: '2027-12-10', today: '2027-12-20' };

/** 述职评议 — RULES §F (机关条例2019 Art. 39; seed 003), grades from the policy (RULES names none). */
describe("secretary's yearly report and its appraisal — RULES §F", () => {
  it('holds the default scale 好 / 较好 / 一般 / 差, best first (a policy choice)', () => {
    expect(policy.orgLife.secretaryReportGrades.map((g) => g.zh)).toEqual(['好', '较好', '一般', '差']);
  });

  it.each<[string, string, string | null]>([
    ['2027-01-01', '2027-12-20', null],
    ['2027-12-20', '2027-12-20', null], // today
    ['2028-02-15', '2028-03-01', null], // an early-year report for the year before
    ['2027-12-21', '2027-12-20', 'REPORT_DATE_FUTURE'],
    ['2026-12-31', '2027-12-20', 'REPORT_DATE_OUTSIDE_YEAR'],
    ['2029-01-02', '2029-01-05', 'REPORT_DATE_OUTSIDE_YEAR'],
    ['2027-11-31', '2027-12-20', 'INVALID_DATE'], // no 31 November: answered, not thrown
  ])('the 2027 report given on %s (today %s): %s', (reportedOn, today, expected) => {
    expect(code(checkSecretaryReportDate(2027, reportedOn, today))).toBe(expected);
  });

  it.each<[string, { post: string }[], string | null]>([
    ['a secretary among the posts', [{ post: 'committeeMember' }, { post: 'secretary' }], null],
    ['a deputy secretary only', [{ post: 'deputySecretary' }], 'NO_SECRETARY'],
    ['no post held', [], 'NO_SECRETARY'],
  ])('someone reports on the day: %s', (_, posts, expected) => {
    const refused = checkReportingSecretary({ id: 'org-x', name: '某支部' }, '2027-12-10', posts);
    expect(code(refused)).toBe(expected);
    if (refused) expect(refused.numbers).toEqual({ orgId: 'org-x', reportedOn: '2027-12-10' });
  });

  it.each<[string, Record<string, unknown> | null, string | null]>([
    ['good', { good: 12, fairlyGood: 3, average: 0, poor: 0 }, null],
    ['fairlyGood', { good: 6, fairlyGood: 7 }, null],
    ['good', { good: 6, fairlyGood: 7 }, 'GRADE_NOT_SUPPORTED_BY_VOTES'],
    ['fairlyGood', { good: 7, fairlyGood: 7 }, null], // a tie goes to the lower grade
    ['good', { good: 7, fairlyGood: 7 }, 'GRADE_NOT_SUPPORTED_BY_VOTES'],
    ['poor', null, null], // graded without a vote
    ['poor', { good: 0, poor: 0 }, null], // no vote cast
    ['excellent', null, 'INVALID_GRADE'],
    ['good', { good: -1 }, 'INVALID_COUNT'],
    ['good', { good: 1.5 }, 'INVALID_COUNT'],
    ['good', { excellent: 3 }, 'INVALID_COUNT'],
  ])('grade %s with votes %p: %s', (grade, votes, expected) => {
    expect(code(checkSecretaryReportAppraisal({ grade, votes, appraisedOn: '2027-12-15' }, ctx, policy))).toBe(
      expected,
    );
  });

  it.each<[unknown, string | null]>([
    ['2027-12-10', null], // the day of the report
    ['2027-12-20', null], // today
    ['2027-12-09', 'APPRAISAL_DATE_INVALID'],
    ['2027-12-21', 'APPRAISAL_DATE_INVALID'],
    [undefined, 'INVALID_DATE'],
    ['2027-12-32', 'INVALID_DATE'], // shaped like a date, not one: answered, not thrown
  ])('appraised on %p: %s', (appraisedOn, expected) => {
    expect(code(checkSecretaryReportAppraisal({ grade: 'good', appraisedOn }, ctx, policy))).toBe(expected);
  });

  it('lets a policy grade without following the votes, and use its own scale', () => {
    const own = withOverrides(policy, {
      orgLife: {
        ...policy.orgLife,
        secretaryReportGradeByVotes: false,
        secretaryReportGrades: [
          { id: 'excellent', zh: '优秀', en: 'excellent' },
          { id: 'good', zh: '良好', en: 'good' },
          { id: 'poor', zh: '较差', en: 'poor' },
        ],
        secretaryReportRectifyGrades: ['poor'],
      },
    });
    const appraisal = { grade: 'excellent', votes: { excellent: 1, good: 9 }, appraisedOn: '2027-12-15' };
    expect(checkSecretaryReportAppraisal(appraisal, ctx, own)).toBeNull();
    expect(code(checkSecretaryReportAppraisal({ ...appraisal, grade: 'average' }, ctx, own))).toBe('INVALID_GRADE');
  });

  it('opens rectification for 差 within 3 months, not for the other grades', () => {
    expect(secretaryReportFollowUp('poor', '2027-12-15', policy)).toMatchObject({ rectifyBy: '2028-03-15' });
    expect(secretaryReportFollowUp('poor', '2027-11-30', policy)?.rectifyBy).toBe('2028-02-29'); // clamped, leap year
    for (const grade of ['good', 'fairlyGood', 'average']) {
      expect(secretaryReportFollowUp(grade, '2027-12-15', policy)).toBeNull();
    }
  });

  it.each<[unknown, string | null]>([
    ['2027-12-15', null],
    ['2028-01-02', null],
    ['2027-12-14', 'RECTIFIED_DATE_INVALID'],
    ['2028-01-03', 'RECTIFIED_DATE_INVALID'],
    ['x', 'INVALID_DATE'],
    ['2027-02-29', 'INVALID_DATE'], // not a leap year: answered, not thrown
  ])('rectified on %p (appraised 2027-12-15, today 2028-01-02): %s', (rectifiedOn, expected) => {
    expect(code(checkRectifiedOn(rectifiedOn, '2027-12-15', '2028-01-02'))).toBe(expected);
  });
});
