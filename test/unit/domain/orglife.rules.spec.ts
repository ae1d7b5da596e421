import {
  appraisalFollowUp,
  attendanceFigures,
  checkAdjustment,
  checkGrade,
  checkMeetingQuorum,
  checkEntitledVoters,
  checkNotice,
  checkOrgLifeYearOpen,
  checkRemovalMeetingDate,
  checkSecretaryClass,
  classCountsForSecretary,
  complianceFigures,
  generateYearlyPlan,
  getPolicy,
  isTrainingLeader,
  lapseStatus,
  orThrow,
  plannedKinds,
  POLICY_VERSIONS,
  resolveResolutions,
  trainingHoursStatus,
  withOverrides,
  type AttendanceEntry,
  type MemberAttendanceFact,
} from '../../../libs/domain';

const policy = getPolicy();

function roster(n: number, present: number, status: AttendanceEntry['membershipStatus'] = 'full'): AttendanceEntry[] {
  return Array.from({ length: n }, (_, i) => ({
    personId: `p${i}`,
    membershipStatus: status,
    status: i < present ? 'present' : 'absent',
  }));
}

describe('organizational life — RULES §F', () => {
  describe('yearly plan', () => {
    const plan = orThrow(
      generateYearlyPlan({ orgId: 'org-b', orgType: 'branch', hasCommittee: true, year: 2027 }, policy),
    );
    const count = (kind: string) => plan.occurrences.filter((o) => o.kind === kind).length;

    it('holds every §F frequency of a branch with a committee', () => {
      expect(count('generalMeeting')).toBe(4);
      expect(count('committeeMeeting')).toBe(12);
      expect(count('partyCellMeeting')).toBe(12);
      expect(count('partyClass')).toBe(4);
      expect(count('secretaryPartyClass')).toBe(1);
      expect(count('themeDay')).toBe(12);
      expect(count('orgLifeMeeting')).toBe(1);
      expect(count('memberAppraisal')).toBe(1);
      expect(count('heartToHeart')).toBe(1);
      expect(count('secretaryReport')).toBe(1);
      expect(count('collectiveStudy')).toBe(0); // local, off by default
    });

    it('puts general meetings in quarters, the organizational-life meeting in Q4, theme days on the chosen day', () => {
      const general = plan.occurrences.filter((o) => o.kind === 'generalMeeting');
      expect(general.map((o) => [o.periodStart, o.periodEnd])).toEqual([
        ['2027-01-01', '2027-03-31'],
        ['2027-04-01', '2027-06-30'],
        ['2027-07-01', '2027-09-30'],
        ['2027-10-01', '2027-12-31'],
      ]);
      const olm = plan.occurrences.find((o) => o.kind === 'orgLifeMeeting')!;
      expect([olm.periodStart, olm.periodEnd]).toEqual(['2027-10-01', '2027-12-31']);
      const themed = orThrow(
        generateYearlyPlan(
          { orgId: 'o', orgType: 'branch', hasCommittee: false, year: 2027, themeDayOfMonth: 8 },
          policy,
        ),
      );
      expect(themed.occurrences.filter((o) => o.kind === 'themeDay').every((o) => o.plannedDate.endsWith('-08'))).toBe(
        true,
      );
      expect(themed.occurrences.some((o) => o.kind === 'committeeMeeting' || o.kind === 'partyCellMeeting')).toBe(
        false,
      );
    });

    it('sends the general-meeting notice 3 days before and reminds before the period ends', () => {
      const first = plan.occurrences.find((o) => o.occurrenceId === 'generalMeeting.2027.1')!;
      expect(first.plannedDate).toBe('2027-02-20');
      expect(first.noticeOn).toBe('2027-02-17');
      expect(first.remindOn).toBe('2027-03-24');
    });

    it('plans by organization type; local items when enabled', () => {
      expect(plannedKinds({ orgType: 'organCommittee', hasCommittee: true }, policy)).toEqual([
        'committeeMeeting',
        'secretaryPartyClass',
        'orgLifeMeeting',
        'organAssembly',
        'secretaryReport',
      ]);
      const local = withOverrides(policy, { orgLife: { ...policy.orgLife, collectiveStudyEnabled: true } });
      expect(plannedKinds({ orgType: 'branch', hasCommittee: false }, local)).toContain('collectiveStudy');
    });

    it.each([
      // [case, year, themeDayOfMonth, code, field] — RULES §F plan input (RULES §0.2: 400 naming the field)
      ['theme day 31', 2027, 31, 'INVALID_THEME_DAY', 'themeDayOfMonth'],
      ['theme day 0', 2027, 0, 'INVALID_THEME_DAY', 'themeDayOfMonth'],
      ['year 1999', 1999, undefined, 'INVALID_YEAR', 'year'],
      ['year 2027.5', 2027.5, undefined, 'INVALID_YEAR', 'year'],
    ])('returns the input violation for %s with the field', (_case, year, themeDayOfMonth, code, field) => {
      const r = generateYearlyPlan(
        { orgId: 'o', orgType: 'branch', hasCommittee: true, year, themeDayOfMonth },
        policy,
      );
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.violation).toMatchObject({ code, kind: 'invalid', rule: 'RULES §0.2', numbers: { field } });
    });
  });

  describe('notice and adjustments', () => {
    it('general meeting: 3 days of notice suffice, 2 do not', () => {
      expect(checkNotice('generalMeeting', '2027-02-17', '2027-02-20', policy)).toBeNull();
      const v = checkNotice('generalMeeting', '2027-02-18', '2027-02-20', policy);
      expect(v?.code).toBe('MEETING_NOTICE_TOO_SHORT');
      expect(v?.numbers).toMatchObject({ requiredDays: 3, givenDays: 2 });
      expect(checkNotice('committeeMeeting', '2027-02-19', '2027-02-20', policy)).toBeNull();
    });

    it('an adjusted date stays in its period and leaves the notice time', () => {
      const occ = {
        occurrenceId: 'generalMeeting.2027.1',
        kind: 'generalMeeting' as const,
        periodStart: '2027-01-01',
        periodEnd: '2027-03-31',
      };
      expect(checkAdjustment(occ, 'planned', '2027-04-01', '2027-01-10', policy)?.code).toBe(
        'OCCURRENCE_OUTSIDE_PERIOD',
      );
      expect(checkAdjustment(occ, 'planned', '2027-01-12', '2027-01-10', policy)?.code).toBe(
        'MEETING_NOTICE_TOO_SHORT',
      );
      expect(checkAdjustment(occ, 'planned', '2027-01-13', '2027-01-10', policy)).toBeNull();
      expect(checkAdjustment(occ, 'held', '2027-02-13', '2027-01-10', policy)?.kind).toBe('conflict');
      expect(checkAdjustment(occ, 'planned', '2027-02-30', '2027-01-10', policy)).toMatchObject({
        code: 'INVALID_DATE',
        kind: 'invalid',
        numbers: { value: '2027-02-30' },
      });
    });
  });

  describe('quorum and resolutions', () => {
    it('general meeting uses the §E step-15 formula: 5 of 10 is not a quorum, 6 is', () => {
      const no = checkMeetingQuorum('generalMeeting', roster(10, 5), policy);
      expect(no.met).toBe(false);
      expect(no.violation?.numbers).toEqual({ entitled: 10, present: 5, requiredPresent: 6 });
      expect(checkMeetingQuorum('generalMeeting', roster(10, 6), policy).met).toBe(true);
    });

    it('probationary members attend but do not count as entitled', () => {
      const list = [...roster(4, 3), ...roster(3, 0, 'probationary').map((a, i) => ({ ...a, personId: `q${i}` }))];
      const q = checkMeetingQuorum('generalMeeting', list, policy);
      expect([q.entitled, q.present, q.requiredPresent, q.met]).toEqual([4, 3, 3, true]);
      expect(attendanceFigures(list)).toMatchObject({ expected: 7, present: 3, absent: 4 });
    });

    it('resolutions pass with for-votes > 1/2 of the entitled', () => {
      const q = checkMeetingQuorum('generalMeeting', roster(10, 8), policy);
      const [a, b] = orThrow(
        resolveResolutions(
          'generalMeeting',
          q,
          [
            { text: 'a', forVotes: 6 },
            { text: 'b', forVotes: 5 },
          ],
          policy,
        ),
      );
      expect(a.passed).toBe(true);
      expect(b.passed).toBe(false);
      expect(b.requiredFor).toBe(6);
    });

    it.each([
      // [case, resolution, code, numbers] — RULES §F (§E step 15): votes are counts of those present
      ['more votes than present', { text: 'c', forVotes: 9 }, 'INCONSISTENT_VOTE_COUNTS', { present: 8 }],
      ['a negative count', { text: 'c', forVotes: 3, againstVotes: -1 }, 'INVALID_COUNT', {}],
      ['a fractional count', { text: 'c', forVotes: 2.5 }, 'INVALID_COUNT', {}],
    ])('resolutions with %s are answered with the input violation', (_case, resolution, code, numbers) => {
      const q = checkMeetingQuorum('generalMeeting', roster(10, 8), policy);
      const r = resolveResolutions('generalMeeting', q, [{ text: 'ok', forVotes: 6 }, resolution], policy);
      expect(r).toEqual({
        ok: false,
        violation: expect.objectContaining({ code, kind: 'invalid', numbers: { field: 'resolutions[1]', ...numbers } }),
      });
    });

    it('an attendance list naming someone twice is not counted (DUPLICATE_ATTENDEE)', () => {
      const list = roster(3, 3);
      const q = checkMeetingQuorum('generalMeeting', [...list, list[1]], policy);
      expect(q.met).toBe(false);
      expect(q.violation).toMatchObject({ code: 'DUPLICATE_ATTENDEE', kind: 'invalid', numbers: { personId: 'p1' } });
    });

    it('committee meeting: more than half of the committee members', () => {
      const committee = roster(5, 2).map((a) => ({ ...a, posts: ['committeeMember' as const] }));
      expect(checkMeetingQuorum('committeeMeeting', committee, policy).violation?.numbers).toEqual({
        entitled: 5,
        present: 2,
        requiredPresent: 3,
      });
      committee[2].status = 'present';
      expect(checkMeetingQuorum('committeeMeeting', committee, policy).met).toBe(true);
    });
  });

  describe('lapse watch', () => {
    const months = (n: number, status: MemberAttendanceFact['status'] = 'absent') =>
      Array.from({ length: n }, (_, i) => ({ date: `2027-${String(i + 1).padStart(2, '0')}-10`, status }));

    it('warns at 3 consecutive months, not at 2', () => {
      expect(lapseStatus(months(2), '2027-12-31', policy).level).toBe('none');
      expect(lapseStatus(months(3), '2027-12-31', policy)).toMatchObject({
        level: 'warned',
        consecutiveMonths: 3,
        sinceMonth: '2027-01',
      });
    });

    it('flags at 6 consecutive months, 5 is a warning', () => {
      expect(lapseStatus(months(5), '2027-12-31', policy).level).toBe('warned');
      expect(lapseStatus(months(6), '2027-12-31', policy)).toMatchObject({ level: 'flagged', reasons: ['attendance'] });
    });

    it('a month present or excused restarts the run; months without meetings are skipped', () => {
      const facts = [...months(6)];
      facts[3] = { date: '2027-04-10', status: 'present' };
      expect(lapseStatus(facts, '2027-12-31', policy).consecutiveMonths).toBe(2);
      facts[3] = { date: '2027-04-10', status: 'absentWithReason' };
      expect(lapseStatus(facts, '2027-12-31', policy).consecutiveMonths).toBe(2);
      const gaps = [1, 3, 5, 7, 9, 11].map((m) => ({
        date: `2027-${String(m).padStart(2, '0')}-10`,
        status: 'absent' as const,
      }));
      expect(lapseStatus(gaps, '2027-12-31', policy).level).toBe('flagged');
      expect(lapseStatus(gaps, '2027-08-31', policy).consecutiveMonths).toBe(4);
    });

    it('unpaid dues for 6 months flag too (党章 Art. 9); 5 months is a warning', () => {
      expect(lapseStatus([], '2027-12-31', policy, 6)).toMatchObject({ level: 'flagged', reasons: ['dues'] });
      expect(lapseStatus([], '2027-12-31', policy, 5).level).toBe('warned');
    });
  });

  describe('training hours', () => {
    it('31.5 of 32 hours is short by 0.5; 32 meets it; leaders need 56', () => {
      expect(trainingHoursStatus(31.5, false, policy)).toEqual({
        leader: false,
        required: 32,
        hours: 31.5,
        short: 0.5,
        met: false,
      });
      expect(trainingHoursStatus(32, false, policy).met).toBe(true);
      expect(trainingHoursStatus(40, true, policy)).toMatchObject({ required: 56, short: 16 });
      expect(trainingHoursStatus(24, false, getPolicy('legacy-2010')).met).toBe(true);
    });
  });

  describe('appraisal and compliance', () => {
    it('an unqualified grade opens the follow-up; grades follow the votes', () => {
      expect(appraisalFollowUp('qualified', '2027-11-20', policy)).toBeNull();
      expect(appraisalFollowUp('unqualified', '2027-11-20', policy)?.improveBy).toBe('2028-05-20');
      expect(checkGrade('excellent', { excellent: 1, qualified: 4, basicallyQualified: 0, unqualified: 0 })).toEqual(
        expect.objectContaining({
          code: 'GRADE_NOT_SUPPORTED_BY_VOTES',
          kind: 'rule',
          rule: 'RULES §F (民主评议党员)',
          numbers: { field: 'grade', grade: 'excellent', favoured: 'qualified', max: 4, given: 1 },
        }),
      );
      expect(checkGrade('qualified', { excellent: 1, qualified: 4, basicallyQualified: 0, unqualified: 0 })).toBeNull();
      // a tie goes to the lower grade; no votes at all support any grade
      const tie = { excellent: 0, qualified: 3, basicallyQualified: 3, unqualified: 0 };
      expect(checkGrade('qualified', tie)?.numbers).toMatchObject({ favoured: 'basicallyQualified' });
      expect(checkGrade('basicallyQualified', tie)).toBeNull();
      expect(checkGrade('excellent', { excellent: 0, qualified: 0, basicallyQualified: 0, unqualified: 0 })).toBeNull();
      expect(checkGrade('qualified', { ...tie, qualified: 1.5 })).toMatchObject({
        code: 'INVALID_COUNT',
        kind: 'invalid',
      });
    });

    it('counts held against due, missed and attendance', () => {
      const f = complianceFigures(
        {
          occurrences: [
            { kind: 'generalMeeting', status: 'held', periodEnd: '2027-03-31', attendanceRate: 0.8 },
            { kind: 'generalMeeting', status: 'missed', periodEnd: '2027-06-30', attendanceRate: null },
            { kind: 'generalMeeting', status: 'planned', periodEnd: '2027-09-30', attendanceRate: null },
            { kind: 'partyClass', status: 'held', periodEnd: '2027-12-31', attendanceRate: 0.6, bySecretary: true },
          ],
          asOf: '2027-07-15',
          lapseWarned: 1,
          lapseFlagged: 0,
          trainingShort: 2,
          appraisalDone: false,
        },
        policy,
      );
      expect(f).toMatchObject({ planned: 4, due: 3, held: 2, missed: 1, behind: true, secretaryClassHeld: true });
      expect(f.completionRate).toBeCloseTo(2 / 3);
      expect(f.averageAttendance).toBeCloseTo(0.7);
    });

    it('counts the secretary’s class only when the secretary taught it, never by its kind alone', () => {
      const figures = (bySecretary: boolean | undefined) =>
        complianceFigures(
          {
            occurrences: [
              { kind: 'secretaryPartyClass', status: 'held', periodEnd: '2027-12-31', attendanceRate: 1, bySecretary },
            ],
            asOf: '2027-07-15',
            lapseWarned: 0,
            lapseFlagged: 0,
            trainingShort: 0,
            appraisalDone: false,
          },
          policy,
        );
      expect(figures(true)).toMatchObject({ secretaryClassHeld: true, partyClassesHeld: 1 });
      expect(figures(false)).toMatchObject({ secretaryClassHeld: false, partyClassesHeld: 1 });
      expect(figures(undefined).secretaryClassHeld).toBe(false);
    });
  });

  describe('the secretary’s party class (书记讲党课)', () => {
    it('counts a class whose teacher is one of the secretaries of the day', () => {
      expect(classCountsForSecretary('p1', ['p1'])).toBe(true);
      expect(classCountsForSecretary('p2', ['p1'])).toBe(false);
      expect(classCountsForSecretary('p1', [])).toBe(false);
    });

    it('returns the violation naming the teacher, the date and the secretaries; other kinds pass', () => {
      expect(checkSecretaryClass('secretaryPartyClass', 'p1', ['p1'], '2027-05-10')).toBeNull();
      expect(checkSecretaryClass('secretaryPartyClass', 'p2', ['p1'], '2027-05-10')).toMatchObject({
        code: 'SECRETARY_CLASS_NOT_BY_SECRETARY',
        kind: 'rule',
        rule: 'RULES §F',
        numbers: { field: 'teacherPersonId', teacherPersonId: 'p2', heldOn: '2027-05-10', secretaries: 1 },
      });
      expect(checkSecretaryClass('partyClass', 'p2', ['p1'], '2027-05-10')).toBeNull();
      // a class without a teacher is CLASS_NEEDS_TEACHER_AND_HOURS, not this rule
      expect(checkSecretaryClass('secretaryPartyClass', null, ['p1'], '2027-05-10')).toBeNull();
    });
  });

  describe('training leaders', () => {
    it('secretaries, deputies and committee members need the leader hours; organizers and members do not', () => {
      expect(isTrainingLeader(['secretary'])).toBe(true);
      expect(isTrainingLeader(['organizer', 'deputySecretary'])).toBe(true);
      expect(isTrainingLeader(['committeeMember'])).toBe(true);
      expect(isTrainingLeader(['organizer'])).toBe(false);
      expect(isTrainingLeader([])).toBe(false);
    });
  });

  describe('the lapse case’s removal vote (L2)', () => {
    it('its meeting date is a recorded date: today passes, tomorrow is refused with both dates, a non-date is 400', () => {
      expect(checkRemovalMeetingDate(undefined, '2027-07-15')).toBeNull();
      expect(checkRemovalMeetingDate('2027-07-15', '2027-07-15')).toBeNull();
      expect(checkRemovalMeetingDate('2027-07-16', '2027-07-15')).toMatchObject({
        code: 'RECORDED_DATE_IN_FUTURE',
        kind: 'rule',
        rule: 'RULES §F (§E step 15)',
        numbers: { field: 'meetingDate', date: '2027-07-16', today: '2027-07-15', step: 'L2' },
      });
      expect(checkRemovalMeetingDate('2027-02-30', '2027-07-15')).toMatchObject({
        code: 'INVALID_DATE',
        kind: 'invalid',
      });
    });

    // 党章 Art. 9: the meeting decides on a member already flagged after six months, so not before the flag
    it.each<[string, string | undefined, string | null]>([
      ['2027-07-10', '2027-07-10', null], // the day of the flag
      ['2027-07-12', '2027-07-10', null],
      ['2027-07-09', '2027-07-10', 'REMOVAL_MEETING_BEFORE_FLAG'],
      ['2027-07-09', undefined, null], // a flag the caller does not know: the recorded-date rule alone
      ['2027-07-16', '2027-07-10', 'RECORDED_DATE_IN_FUTURE'], // after today (2027-07-15) first
    ])('a meeting on %s for a member flagged on %s: %s', (meetingDate, flaggedOn, expected) => {
      const refused = checkRemovalMeetingDate(meetingDate, '2027-07-15', flaggedOn);
      expect(refused?.code ?? null).toBe(expected);
      if (expected === 'REMOVAL_MEETING_BEFORE_FLAG') {
        expect(refused).toMatchObject({ kind: 'rule', numbers: { meetingDate, flaggedOn, field: 'meetingDate' } });
      }
    });

    it('its entitled count is checked against the registry under the §F rule', () => {
      expect(checkEntitledVoters('L2', 8, 8, '2027-07-15')).toBeNull();
      expect(checkEntitledVoters('L2', 9, 8, '2027-07-15')).toMatchObject({
        code: 'ENTITLED_COUNT_MISMATCH',
        rule: 'RULES §F (§E step 15)',
        numbers: { entitled: 9, registryEntitled: 8, meetingDate: '2027-07-15' },
      });
    });

    it('every policy version carries the lapse case’s deadlines (one month each, as the workflow had them)', () => {
      for (const p of Object.values(POLICY_VERSIONS)) {
        expect([p.version, p.orgLife.lapseTalkDeadline, p.orgLife.lapseRemovalVoteDeadline]).toEqual([
          p.version,
          { months: 1 },
          { months: 1 },
        ]);
      }
    });
  });
});

describe('ORG_LIFE_YEAR_NOT_OPEN: this year or the next (RULES §F)', () => {
  const plan = { zh: '制定组织生活计划', en: 'a plan can be set up' };
  it.each([
    [2026, null],
    [2027, null],
    [2025, 'ORG_LIFE_YEAR_NOT_OPEN'],
    [2028, 'ORG_LIFE_YEAR_NOT_OPEN'],
  ])('year %i on 2026-12-31 → %s', (year, code) => {
    const refused = checkOrgLifeYearOpen(year, '2026-12-31', plan);
    expect(refused?.code ?? null).toBe(code);
    if (refused) {
      expect(refused.numbers).toEqual({ year, thisYear: 2026 });
      expect(refused.message).toBe('只能为本年度（2026）或下一年度制定组织生活计划');
    }
  });
});
