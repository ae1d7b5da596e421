import {
  appraisalFollowUpStatus,
  checkAppraisalAssessed,
  checkAppraisalComplete,
  checkImprovement,
  checkMutualAppraisal,
  complianceFigures,
  getPolicy,
  type GradeVotes,
} from '../../../libs/domain';

const RULE = 'RULES §F (民主评议党员)';
const votes = (excellent: number, qualified: number, basicallyQualified: number, unqualified: number): GradeVotes => ({
  excellent,
  qualified,
  basicallyQualified,
  unqualified,
});

// RULES §F 民主评议党员: self-assessment and mutual appraisal (民主测评) → the committee grades → results filed upward
// (报上级党组织备案) → a 不合格 grade: education, a deadline to improve, then organizational handling (组织处置).
describe('民主评议党员 (RULES §F)', () => {
  describe('checkMutualAppraisal: votes per grade from the members present', () => {
    it.each([
      ['all present vote', votes(3, 5, 1, 1), 10, 12, null],
      ['some abstain', votes(0, 4, 0, 0), 10, 12, null],
      ['everyone on the roster present', votes(2, 10, 0, 0), 12, 12, null],
      [
        'more votes than present',
        votes(3, 5, 2, 1),
        10,
        12,
        { code: 'APPRAISAL_VOTES_EXCEED_PRESENT', kind: 'rule', numbers: { field: 'votes', cast: 11, present: 10 } },
      ],
      [
        'more present than members',
        votes(1, 1, 0, 0),
        13,
        12,
        {
          code: 'APPRAISAL_PRESENT_EXCEEDS_MEMBERS',
          kind: 'rule',
          numbers: { field: 'present', present: 13, members: 12 },
        },
      ],
      [
        'nobody present',
        votes(0, 0, 0, 0),
        0,
        12,
        { code: 'INVALID_COUNT', kind: 'invalid', numbers: { field: 'present' } },
      ],
      [
        'a fractional count',
        votes(0, 1.5, 0, 0),
        10,
        12,
        { code: 'INVALID_COUNT', kind: 'invalid', numbers: { field: 'votes' } },
      ],
      ['a negative count', votes(0, -1, 0, 0), 10, 12, { code: 'INVALID_COUNT', kind: 'invalid' }],
    ] as const)('%s', (_name, v, present, members, expected) => {
      const result = checkMutualAppraisal(v, present, members);
      if (expected === null) expect(result).toBeNull();
      else expect(result).toMatchObject(expected);
      if (result?.kind === 'rule') expect(result.rule).toBe(RULE);
    });

    it('names the numbers in both languages', () => {
      const v = checkMutualAppraisal(votes(3, 5, 2, 1), 10, 12)!;
      expect(v.message).toContain('11');
      expect(v.message).toContain('10');
      expect(v.messageEn).toBe('votes: 11 votes cast, more than the 10 members present');
    });
  });

  describe('checkAppraisalAssessed: the committee grades after the self-assessment and the mutual appraisal', () => {
    it.each([
      ['both recorded', '本人认真学习…', votes(1, 5, 0, 0), null],
      ['no self-assessment', null, votes(1, 5, 0, 0), 'selfAssessment'],
      ['a blank self-assessment', '   ', votes(1, 5, 0, 0), 'selfAssessment'],
      ['no votes', '本人认真学习…', null, 'votes'],
      ['neither', undefined, undefined, 'selfAssessment,votes'],
    ] as const)('%s', (_name, selfAssessment, v, missing) => {
      const result = checkAppraisalAssessed('p-1', { selfAssessment, votes: v }, 'grades[0].personId');
      if (missing === null) expect(result).toBeNull();
      else
        expect(result).toMatchObject({
          code: 'APPRAISAL_NOT_ASSESSED',
          kind: 'rule',
          rule: RULE,
          numbers: { field: 'grades[0].personId', personId: 'p-1', missing },
        });
    });
  });

  describe('checkAppraisalComplete: results filed once every member is graded', () => {
    const members = Array.from({ length: 12 }, (_, i) => `p${i}`);
    it.each([
      ['all 12 graded', members, members, null],
      ['graded people who left do not matter', members, [...members, 'p-gone'], null],
      ['3 of 12 ungraded', members, members.slice(3), { ungraded: 3, members: 12, first: 'p0,p1,p2' }],
      ['none graded', members, [], { ungraded: 12, members: 12 }],
      ['an empty roster cannot be filed', [], [], { ungraded: 0, members: 0 }],
    ] as const)('%s', (_name, roster, graded, numbers) => {
      const result = checkAppraisalComplete(roster, new Set(graded));
      if (numbers === null) expect(result).toBeNull();
      else expect(result).toMatchObject({ code: 'APPRAISAL_INCOMPLETE', kind: 'rule', rule: RULE, numbers });
    });

    it('says "3 of 12 members ungraded"', () => {
      expect(checkAppraisalComplete(members, new Set(members.slice(3)))!.messageEn).toContain(
        '3 of 12 members ungraded',
      );
    });
  });

  describe('appraisalFollowUpStatus: improving until improveBy, then organizational handling due', () => {
    const followUp = { action: 'educate', improveBy: '2027-05-20' };
    it.each([
      ['no follow-up (not 不合格)', null, null, '2027-06-01', null],
      ['before the deadline', followUp, null, '2027-05-19', 'improving'],
      ['on the deadline', followUp, null, '2027-05-20', 'improving'],
      ['the day after', followUp, null, '2027-05-21', 'handlingDue'],
      ['improvement recorded', followUp, '2027-04-01', '2027-06-01', 'improved'],
      ['improvement recorded late', followUp, '2027-07-01', '2027-08-01', 'improved'],
    ] as const)('%s', (_name, f, improvedOn, today, expected) => {
      expect(appraisalFollowUpStatus(f, improvedOn, today)).toBe(expected);
    });
  });

  describe('checkImprovement: recording the improvement closes the follow-up', () => {
    const unqualified = {
      grade: 'unqualified',
      decidedOn: '2026-11-20',
      followUp: { improveBy: '2027-05-20' },
      improvedOn: null,
    };
    it.each([
      ['within the period', unqualified, '2027-03-01', '2027-04-01', null],
      ['after the deadline (handling due) still closes', unqualified, '2027-06-01', '2027-06-02', null],
      [
        'a grade without follow-up',
        { ...unqualified, grade: 'qualified', followUp: null },
        '2027-03-01',
        '2027-04-01',
        { code: 'APPRAISAL_NO_FOLLOW_UP', kind: 'rule' },
      ],
      [
        'already closed',
        { ...unqualified, improvedOn: '2027-02-01' },
        '2027-03-01',
        '2027-04-01',
        { code: 'APPRAISAL_FOLLOW_UP_CLOSED', kind: 'conflict' },
      ],
      [
        'before the grade',
        unqualified,
        '2026-11-19',
        '2027-04-01',
        { code: 'INVALID_DATE', kind: 'invalid', numbers: { field: 'improvedOn' } },
      ],
      [
        'in the future',
        unqualified,
        '2027-04-02',
        '2027-04-01',
        { code: 'INVALID_DATE', kind: 'invalid', numbers: { field: 'improvedOn' } },
      ],
    ] as const)('%s', (_name, appraisal, improvedOn, today, expected) => {
      const result = checkImprovement(appraisal, improvedOn, today);
      if (expected === null) expect(result).toBeNull();
      else expect(result).toMatchObject(expected);
    });
  });

  it('compliance: organizational handling due puts the organization behind; filing is reported', () => {
    const base = { occurrences: [], asOf: '2027-06-01', lapseWarned: 0, lapseFlagged: 0, trainingShort: 0 };
    const ok = complianceFigures({ ...base, appraisalDone: true, appraisalFiled: true }, getPolicy());
    expect(ok).toMatchObject({ appraisalFiled: true, appraisalHandlingDue: 0, behind: false });
    const due = complianceFigures({ ...base, appraisalDone: true, appraisalHandlingDue: 2 }, getPolicy());
    expect(due).toMatchObject({ appraisalFiled: false, appraisalHandlingDue: 2, behind: true });
  });
});
