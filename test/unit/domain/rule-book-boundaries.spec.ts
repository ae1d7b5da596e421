import {
  addWorkingDays,
  appraisalFollowUp,
  checkConversionResolution,
  checkLeavingUnit,
  checkRectificationList,
  checkTermShift,
  continuedPeriodEnd,
  conversionDiscussionFrom,
  conversionResolutionDueDate,
  periodStart,
  secretaryReportFollowUp,
  termEndDate,
  type TeamMember,
  allocateDelegates,
  canReduceSeats,
  checkApplicationToActivist,
  checkApprovalTiming,
  checkElectionPrepTiming,
  checkNoCommitteeOfficers,
  electionPrepWindow,
  checkBranchVote,
  checkByElectionCommittee,
  checkDelegateCongress,
  checkElectionSeats,
  checkExclusionDuration,
  checkExclusionsDuration,
  checkGeneralBranchDisciplineMember,
  checkOrganDisciplineCommittee,
  checkPoliticalReviewValid,
  checkProjectBranchDuration,
  checkPublicNotice,
  checkResolutionCurrent,
  checkStandingMembers,
  checkStepMinimumPeriod,
  DomainRuleError,
  getPolicy,
  hasTermClock,
  isLateOn,
  overdueFrom,
  termStateOn,
  checkTalkDeadline,
  isWorkingDay,
  localMidnight,
  localToday,
  mergeCalendar,
  periodCompleteOn,
  periodEnd,
  policyForOrganization,
  practiceDeadline,
  practiceTimerOn,
  publicNoticeEnd,
  resolutionStaleness,
  talkDueDate,
  taskDueDate,
  taskDueAt,
  dueInWorkingDays,
  workingDayYears,
  termShiftWindow,
  upperApprovalLimits,
  withOverrides,
  type PracticeTimer,
  type RosterEntry,
  type WorkingDayCalendar,
} from '../../../libs/domain';

// Boundary tests of the rule book (issue 10): each table cites its rule; the numbers come from the policy table.

const policy = getPolicy('2026.1');
const minusOne = withOverrides(policy, { periodEndMinusOneDay: true });
const adopted = withOverrides(policy, {
  applicationToActivistMinEnabled: true,
  contactAssignDeadlineEnabled: true,
  politicalReviewDeadlineEnabled: true,
  politicalReviewValidityEnabled: true,
  preReviewDeadlineEnabled: true,
  publicNoticeEnabled: true,
  resolutionStaleEnabled: true,
  conversionMeetingDeadlineEnabled: true,
});

/** 2026 as the State Council arranged it (国办发明电〔2025〕7号): National Day and Mid-Autumn 1–7 October, make-up
 * workdays Sunday 20 September and Saturday 10 October. Only the autumn entries are needed here. */
const cal2026: WorkingDayCalendar = {
  years: [2026],
  holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
  workdays: ['2026-09-20', '2026-10-10'],
};

function roster(full: number, probationary = 0): RosterEntry[] {
  return [
    ...Array.from({ length: full }, (_, i) => ({ personId: `f${i}`, status: 'full' as const })),
    ...Array.from({ length: probationary }, (_, i) => ({ personId: `p${i}`, status: 'probationary' as const })),
  ];
}

describe('one period function for every window (RULES H-13)', () => {
  it.each([
    ['2026-08-31', { months: 3 }, '2026-11-30', '2026-11-29'],
    ['2026-01-31', { months: 1 }, '2026-02-28', '2026-02-27'],
    ['2024-02-29', { years: 1 }, '2025-02-28', '2025-02-27'],
    ['2026-03-15', { years: 1 }, '2027-03-15', '2027-03-14'],
    ['2026-05-01', { days: 0 }, '2026-05-01', '2026-05-01'],
  ])('%s + %j ends %s (same day) or %s (minus one day)', (start, d, same, before) => {
    expect(periodEnd(start, d, policy)).toBe(same);
    expect(periodEnd(start, d, minusOne)).toBe(before);
  });

  it('a minimum period is complete on the same day in both conventions', () => {
    expect(periodCompleteOn('2026-03-15', { years: 1 }, policy)).toBe('2027-03-15');
    expect(periodCompleteOn('2026-03-15', { years: 1 }, minusOne)).toBe('2027-03-15');
  });

  it.each([
    ['talk (RULES §E step 2)', () => talkDueDate('2026-01-31', minusOne), '2026-02-27'],
    ['approval (RULES §E step 17)', () => upperApprovalLimits('E17', '2026-08-31', minusOne).dueDate, '2026-11-29'],
    [
      'approval limit (RULES §E step 17)',
      () => upperApprovalLimits('E17', '2026-08-31', minusOne).hardLimit,
      '2027-02-27',
    ],
    ['term shift (RULES §B.3)', () => termShiftWindow('2029-03-15', minusOne).latest, '2030-03-14'],
    // the advance is one period counted back from T: periodEnd(earliest, 1 y) = T
    ['term shift advance (RULES §B.3)', () => termShiftWindow('2029-03-15', minusOne).earliest, '2028-03-16'],
    [
      'leaving unit (RULES §E step 13)',
      () => checkLeavingUnit('2026-11-29', '2026-08-31', minusOne)?.numbers.blockedUntil,
      '2026-11-29',
    ],
    // a postponement continues the probation (2026-08-31 → 2027-08-30), so its day comes off once, at the month end
    [
      'conversion after a postponement (RULES §E step 21)',
      () => conversionDiscussionFrom('2027-08-30', 6, minusOne),
      '2028-02-28',
    ],
    [
      'conversion resolution (RULES §E step 23)',
      () => conversionResolutionDueDate('2027-08-30', 6, minusOne),
      '2028-03-27',
    ],
    [
      'appraisal improvement (RULES §F)',
      () => appraisalFollowUp('unqualified', '2026-08-31', minusOne)?.improveBy,
      '2027-02-27',
    ],
    [
      'secretary report rectification (RULES §F)',
      () => secretaryReportFollowUp('poor', '2026-08-31', minusOne)?.rectifyBy,
      '2026-11-29',
    ],
  ])('%s follows the minus-one-day option', (_name, f, expected) => {
    expect(f()).toBe(expected);
  });

  it.each([
    ['2026-08-31', '2026-11-30', '2026-11-29'],
    ['2026-03-15', '2026-06-15', '2026-06-14'],
  ])(
    'pre-review on %s: leaving the unit blocked through %s (same day) or %s (minus one day) — RULES §E step 13',
    (onDate, same, before) => {
      expect(checkLeavingUnit(same, onDate, policy)?.code).toBe('LEAVING_UNIT_WITHIN_BLOCK');
      expect(checkLeavingUnit(overdueFrom(same), onDate, policy)).toBeNull();
      expect(checkLeavingUnit(before, onDate, minusOne)?.code).toBe('LEAVING_UNIT_WITHIN_BLOCK');
      expect(checkLeavingUnit(overdueFrom(before), onDate, minusOne)).toBeNull();
    },
  );

  it.each([
    [policy, '2027-09-30', '2027-10-01'],
    [minusOne, '2027-09-29', '2027-09-30'],
  ])('conversion resolution on its due day and the day after (RULES §E steps 21–23) %#', (p, due, late) => {
    // probation ended 2027-03-31 (minus one: 2027-03-30), postponed 5 months on transfer, then 1 month
    const end = p.periodEndMinusOneDay ? '2027-03-30' : '2027-03-31';
    expect(conversionResolutionDueDate(end, 5, p)).toBe(due);
    expect(checkConversionResolution(end, 5, due, p)).toBeNull();
    expect(checkConversionResolution(end, 5, late, p)?.code).toBe('PROBATION_ENDED_WITHOUT_DECISION');
  });

  it.each([
    [policy, '2028-06-20'],
    [minusOne, '2028-06-19'],
  ])(
    'rectification deadline limit after a meeting on 2027-06-20 (RULES §F, orgLife.rectificationMaxPeriod) %#',
    (p, last) => {
      const team: TeamMember[] = [{ personId: 'p1', name: '甲', post: 'secretary' }];
      const list = (deadline: string) => [{ text: '建章立制', ownerPersonId: 'p1', deadline }];
      expect(checkRectificationList(list(last), '2027-06-20', team, p)).toBeNull();
      expect(checkRectificationList(list(overdueFrom(last)), '2027-06-20', team, p)?.code).toBe(
        'RECTIFICATION_DEADLINE_TOO_LATE',
      );
    },
  );

  it.each([
    [policy, '2027-11-20', '2028-05-20', '2028-02-20'],
    [minusOne, '2027-11-20', '2028-05-19', '2028-02-19'],
    [policy, '2027-08-31', '2028-02-29', '2027-11-30'],
    [minusOne, '2027-08-31', '2028-02-28', '2027-11-29'],
  ])(
    'org-life follow-ups decided %s: improve by %s, rectify by %s (RULES §F, H-13) %#',
    (p, on, improveBy, rectifyBy) => {
      expect(appraisalFollowUp('unqualified', on, p)?.improveBy).toBe(improveBy);
      expect(secretaryReportFollowUp('poor', on, p)?.rectifyBy).toBe(rectifyBy);
    },
  );

  it('the advance window opens on the same day in both conventions for the same term (RULES §B.3, H-13)', () => {
    const sameDayEnd = termEndDate('2026-03-15', 'branch', policy);
    const minusOneEnd = termEndDate('2026-03-15', 'branch', minusOne);
    expect([sameDayEnd, minusOneEnd]).toEqual(['2029-03-15', '2029-03-14']);
    expect(termShiftWindow(sameDayEnd, policy).earliest).toBe('2028-03-15');
    expect(termShiftWindow(minusOneEnd, minusOne).earliest).toBe('2028-03-15');
    expect(checkTermShift(minusOneEnd, '2028-03-14', minusOne)?.code).toBe('TERM_ADVANCE_EXCEEDED');
    expect(checkTermShift(minusOneEnd, '2028-03-15', minusOne)).toBeNull();
  });

  it.each([
    ['2027-03-14', { months: 6 }, '2027-09-14', '2027-09-14'],
    ['2027-08-30', { months: 6 }, '2028-02-29', '2028-02-28'],
    ['2027-08-31', { months: 0 }, '2027-08-31', '2027-08-31'],
  ])(
    'a period continuing one that ended %s by %j ends %s (same day) or %s (minus one day)',
    (prev, d, same, before) => {
      expect(continuedPeriodEnd(prev, d, policy)).toBe(same);
      expect(continuedPeriodEnd(prev, d, minusOne)).toBe(before);
    },
  );

  it.each([
    ['2029-03-15', { years: 1 }, '2028-03-15', '2028-03-16'],
    ['2026-03-31', { months: 1 }, '2026-02-28', '2026-03-01'],
    ['2029-03-15', { days: 0 }, '2029-03-15', '2029-03-15'],
  ])('a period ending %s of %j starts %s (same day) or %s (minus one day)', (end, d, same, before) => {
    expect(periodStart(end, d, policy)).toBe(same);
    expect(periodStart(end, d, minusOne)).toBe(before);
    expect(periodEnd(periodStart(end, d, minusOne), d, minusOne)).toBe(end);
  });
});

describe('overdue from the day after (RULES H-19): one rule for terms, admissions and organizational life', () => {
  it.each([
    ['2027-03-15', '2027-03-14', false],
    ['2027-03-15', '2027-03-15', false], // the due date itself is still in time
    ['2027-03-15', '2027-03-16', true],
    ['2028-02-28', '2028-02-29', true],
  ])('due %s, on %s → late %p', (due, on, late) => {
    expect(isLateOn(due, on)).toBe(late);
    expect(on >= overdueFrom(due)).toBe(late);
    const term = termStateOn(on, { termEnd: due, shiftedTo: null, electionOpen: true, closed: false }, policy);
    expect(term === 'overdue').toBe(late);
    expect(checkTalkDeadline('2027-02-15', on, policy) !== null).toBe(isLateOn(talkDueDate('2027-02-15', policy), on));
  });
});

describe('one local calendar (issue 10: one localToday, timers at local midnight)', () => {
  it.each([
    ['2026-03-01T15:59:59.000Z', '2026-03-01'],
    ['2026-03-01T16:00:00.000Z', '2026-03-02'],
    ['2026-12-31T16:00:00.000Z', '2027-01-01'],
  ])('%s is %s in Beijing', (instant, date) => {
    expect(localToday(instant, policy)).toBe(date);
  });

  it('a date timer fires at local midnight, 16:00 UTC the day before', () => {
    expect(localMidnight('2026-03-02', policy)).toBe('2026-03-01T16:00:00.000Z');
    expect(localToday(localMidnight('2026-03-02', policy), policy)).toBe('2026-03-02');
  });
});

describe('practice timers off unless adopted (RULES H-9), one switch each', () => {
  const timers: PracticeTimer[] = [
    'applicationToActivist',
    'contactAssignDeadline',
    'politicalReviewDeadline',
    'politicalReviewValidity',
    'preReviewDeadline',
    'publicNotice',
    'resolutionStale',
    'conversionMeetingDeadline',
  ];
  it.each(['2026.1', 'legacy-2010', '2026.1-drill'])('all off in %s', (version) => {
    for (const t of timers) expect(practiceTimerOn(t, getPolicy(version))).toBe(false);
    expect(practiceDeadline('contactAssignDeadline', getPolicy(version))).toBeNull();
  });
  it.each(timers)('%s switches on alone', (t) => {
    expect(practiceTimerOn(t, adopted)).toBe(true);
  });
  it('an adopted deadline is the policy period', () => {
    expect(practiceDeadline('politicalReviewDeadline', adopted)).toEqual({ months: 1 });
    expect(practiceDeadline('preReviewDeadline', adopted)).toEqual({ months: 1 });
  });
});

describe('APPLICATION_TO_ACTIVIST_MIN 6 months (RULES §E step 3, H-9)', () => {
  it.each([
    ['2026-01-31', '2026-07-30', 'APPLICATION_TOO_RECENT_FOR_ACTIVIST'],
    ['2026-01-31', '2026-07-31', null],
    ['2026-08-31', '2027-02-27', 'APPLICATION_TOO_RECENT_FOR_ACTIVIST'],
    ['2026-08-31', '2027-02-28', null],
  ])('applied %s, activist %s → %s', (applied, activist, code) => {
    expect(checkApplicationToActivist(applied, activist, adopted)?.code ?? null).toBe(code);
    expect(checkApplicationToActivist(applied, activist, policy)).toBeNull(); // switch off
  });
});

describe('POLITICAL_REVIEW_VALIDITY 12 months (RULES §E step 10, H-9)', () => {
  it.each([
    ['2026-03-10', '2027-03-10', null],
    ['2026-03-10', '2027-03-11', 'POLITICAL_REVIEW_EXPIRED'],
    ['2024-02-29', '2025-02-28', null],
    ['2024-02-29', '2025-03-01', 'POLITICAL_REVIEW_EXPIRED'],
  ])('review %s, vote %s → %s', (review, on, code) => {
    expect(checkPoliticalReviewValid(review, on, adopted)?.code ?? null).toBe(code);
    expect(checkPoliticalReviewValid(review, on, policy)).toBeNull();
  });
});

describe('PUBLIC_NOTICE_PERIOD 5 working days or 7 days (RULES §E step 13, H-9)', () => {
  it('counts the National Day holiday out and its make-up Saturday in', () => {
    expect(isWorkingDay('2026-10-01', cal2026)).toEqual({ ok: true, value: false });
    expect(isWorkingDay('2026-10-10', cal2026)).toEqual({ ok: true, value: true }); // Saturday, 调休上班
    expect(isWorkingDay('2026-09-20', cal2026)).toEqual({ ok: true, value: true }); // Sunday, 调休上班
    expect(isWorkingDay('2026-10-11', cal2026)).toEqual({ ok: true, value: false }); // Sunday
    // posted Tuesday 29 September: 29, 30 September, 8, 9 October, Saturday 10 October
    expect(publicNoticeEnd('2026-09-29', adopted, cal2026)).toEqual({ ok: true, value: '2026-10-10' });
  });

  it.each([
    ['2026-09-29', '2026-10-10', 'PUBLIC_NOTICE_NOT_ENDED'],
    ['2026-09-29', '2026-10-11', null],
    ['2026-09-21', '2026-09-25', 'PUBLIC_NOTICE_NOT_ENDED'], // Mon–Fri: the fifth working day is Friday
    ['2026-09-21', '2026-09-26', null],
  ])('working days: notice from %s, meeting %s → %s', (start, meeting, code) => {
    expect(checkPublicNotice(start, meeting, adopted, cal2026)?.code ?? null).toBe(code);
    expect(checkPublicNotice(start, meeting, policy, cal2026)).toBeNull();
  });

  it.each([
    ['2026-09-29', '2026-10-05', 'PUBLIC_NOTICE_NOT_ENDED'],
    ['2026-09-29', '2026-10-06', null],
  ])('calendar days: notice from %s, meeting %s → %s', (start, meeting, code) => {
    const days = withOverrides(adopted, { publicNoticeBasis: 'calendarDays' });
    expect(checkPublicNotice(start, meeting, days, cal2026)?.code ?? null).toBe(code);
  });

  it('a missing notice is refused while the rule is adopted', () => {
    expect(checkPublicNotice(null, '2026-10-11', adopted, cal2026)?.code).toBe('PUBLIC_NOTICE_MISSING');
  });

  it.each([
    ['2026-12-30', '2027-01-20', 'WORKING_DAY_CALENDAR_UNKNOWN_YEAR'], // the count runs into 2027, unknown here
    ['2026-02-30', '2026-10-11', 'INVALID_DATE'],
    ['2026-09-29', 'soon', 'INVALID_DATE'],
  ])('never throws (API edge and E15 validator alike): notice from %s, meeting %s → %s', (start, meeting, code) => {
    expect(checkPublicNotice(start, meeting, adopted, cal2026)?.code).toBe(code);
  });

  it('a year the calendar does not know is refused, and the override table fills it', () => {
    expect(addWorkingDays('2026-12-30', 5, cal2026)).toEqual({
      ok: false,
      violation: expect.objectContaining({
        code: 'WORKING_DAY_CALENDAR_UNKNOWN_YEAR',
        kind: 'rule',
        rule: 'RULES §0.2',
      }),
    });
    expect(isWorkingDay('2027-01-04', cal2026)).toMatchObject({
      ok: false,
      violation: { code: 'WORKING_DAY_CALENDAR_UNKNOWN_YEAR', numbers: { year: 2027 } },
    });
    expect(addWorkingDays('2026-02-30', 1, cal2026)).toMatchObject({ ok: false, violation: { code: 'INVALID_DATE' } });
    const merged = mergeCalendar(cal2026, [{ date: '2027-01-01', working: false }], [2027]);
    expect(addWorkingDays('2026-12-30', 2, merged)).toEqual({ ok: true, value: '2027-01-04' }); // 31 Dec, (1 Jan off, weekend), 4 Jan
    const moved = mergeCalendar(cal2026, [{ date: '2026-10-10', working: false }]);
    expect(isWorkingDay('2026-10-10', moved)).toEqual({ ok: true, value: false });
  });
});

describe('task due dates in working days by policy (RULES §0.2, option taskDueInWorkingDays)', () => {
  const working = withOverrides(policy, { taskDueInWorkingDays: true });
  it.each([
    [working, '2026-09-29', { days: 5 }, '2026-10-12'], // 30 Sep, 8, 9, Sat 10 (调休), 12 Oct
    [policy, '2026-09-29', { days: 5 }, '2026-10-04'],
    [working, '2026-09-29', { months: 1 }, '2026-10-29'], // months stay calendar periods
    [working, '2026-09-18', { days: 1 }, '2026-09-20'], // Sunday 20 September is a make-up workday
  ] as const)('%#: opened %s, due %j → %s', (p, created, due, expected) => {
    expect(taskDueDate(created, due, p, cal2026)).toEqual({ ok: true, value: expected });
  });

  // The kernel's due instant (taskDueAt): the n-th working day after the local opening date, same local time of day.
  it.each([
    // opened Tuesday 29 September 10:00 in Beijing: 5 working days are 30 Sep, 8, 9, Sat 10 (调休), Mon 12 October
    [working, '2026-09-29T02:00:00.000Z', { days: 5 }, '2026-10-12T02:00:00.000Z', 'workingDays'],
    [policy, '2026-09-29T02:00:00.000Z', { days: 5 }, '2026-10-04T02:00:00.000Z', 'calendar'],
    // opened Friday 9 October: the next working day is the make-up Saturday 10 October
    [working, '2026-10-09T02:00:00.000Z', { days: 1 }, '2026-10-10T02:00:00.000Z', 'workingDays'],
    // 30 September 17:00 UTC is 1 October 01:00 in Beijing, a holiday: counting starts after it, 8 October
    [working, '2026-09-30T17:00:00.000Z', { days: 1 }, '2026-10-07T17:00:00.000Z', 'workingDays'],
    // 30 September 15:59 UTC is 23:59 on 30 September in Beijing: due 8 October 23:59, the same instant of day
    [working, '2026-09-30T15:59:00.000Z', { days: 1 }, '2026-10-08T15:59:00.000Z', 'workingDays'],
    [working, '2026-09-29T02:00:00.000Z', { months: 1 }, '2026-10-29T02:00:00.000Z', 'calendar'],
    [working, '2026-09-29T02:00:00.000Z', { days: 5, hours: 2 }, '2026-10-04T04:00:00.000Z', 'calendar'],
  ] as const)('%#: opened %s, due %j → %s (%s)', (p, createdAt, due, dueAt, basis) => {
    expect(taskDueAt(createdAt, due, p, cal2026)).toEqual({ dueAt, basis, unknownYear: null });
    expect(dueInWorkingDays(due, p)).toBe(basis === 'workingDays');
  });

  it('a year the calendar does not know falls back to calendar time and names the year (a deadline never stops a case)', () => {
    const due = taskDueAt('2026-12-28T02:00:00.000Z', { days: 5 }, working, cal2026);
    expect(due).toMatchObject({
      dueAt: '2027-01-02T02:00:00.000Z',
      basis: 'calendar',
      unknownYear: { code: 'WORKING_DAY_CALENDAR_UNKNOWN_YEAR', numbers: { year: 2027 } },
    });
    // ends inside the known year: counted in working days although the window reaches the next one
    expect(taskDueAt('2026-12-21T02:00:00.000Z', { days: 5 }, working, cal2026).basis).toBe('workingDays');
    expect(workingDayYears('2026-12-21', 5)).toEqual([2026, 2027]);
    expect(workingDayYears('2026-09-29', 5)).toEqual([2026]);
  });
});

describe('RESOLUTION_STALE_REDISCUSS / REDO 3 / 6 months (RULES §E step 15, H-9)', () => {
  it.each([
    ['2026-01-15', '2026-04-15', 'current'],
    ['2026-01-15', '2026-04-16', 'rediscuss'],
    ['2026-01-15', '2026-07-15', 'rediscuss'],
    ['2026-01-15', '2026-07-16', 'redo'],
  ])('resolution %s, on %s → %s', (vote, on, state) => {
    expect(resolutionStaleness(vote, on, adopted)).toBe(state);
    expect(resolutionStaleness(vote, on, policy)).toBe('current');
    expect(checkResolutionCurrent(vote, on, adopted)?.numbers.state ?? 'current').toBe(state);
  });
});

describe('ADMISSION_APPROVAL_DEADLINE 3 (max 6) months at the moment of approval (RULES §E step 17)', () => {
  it.each([
    ['E17', '2026-04-15', undefined, null],
    ['E17', '2026-04-16', undefined, 'APPROVAL_LATE_REASON_REQUIRED'],
    ['E17', '2026-04-16', '  ', 'APPROVAL_LATE_REASON_REQUIRED'],
    ['E17', '2026-04-16', '党委换届', null],
    ['E17', '2026-07-15', '党委换届', null],
    ['E17', '2026-07-16', '党委换届', 'APPROVAL_BEYOND_SIX_MONTHS'],
    ['E24', '2026-04-16', undefined, 'APPROVAL_LATE_REASON_REQUIRED'],
    ['E24', '2026-07-16', '党委换届', null], // step 24: no hard limit in the rules
  ] as const)('%s, resolution 2026-01-15, approved %s, reason %s → %s', (step, on, reason, code) => {
    expect(checkApprovalTiming(step, '2026-01-15', on, reason, policy)?.code ?? null).toBe(code);
  });
});

describe('back-dated dates against minimum periods (RULES §E steps 7–8, 22–23)', () => {
  const dates = {
    application: '2026-01-10',
    activist: '2026-03-15',
    probationEnd: '2027-05-01',
    discussionFrom: '2027-08-01',
  };
  it.each([
    ['E7', '2027-03-14', 'ACTIVIST_PERIOD_TOO_SHORT'],
    ['E7', '2027-03-15', null],
    ['E8', '2027-03-14', 'ACTIVIST_PERIOD_TOO_SHORT'],
    ['E8', '2027-03-15', null],
    ['E22', '2027-04-30', 'STEP_BEFORE_PROBATION_END'],
    ['E22', '2027-05-01', null],
    ['E23', '2027-07-31', 'STEP_BEFORE_PROBATION_END'],
    ['E23', '2027-08-01', null],
    ['E17', '2020-01-01', null],
  ])('%s dated %s → %s', (step, date, code) => {
    expect(checkStepMinimumPeriod(step, date, dates, policy)?.code ?? null).toBe(code);
  });
  it('step 3 only when the 6-month wait is adopted (H-9)', () => {
    expect(checkStepMinimumPeriod('E3', '2026-07-09', dates, policy)).toBeNull();
    expect(checkStepMinimumPeriod('E3', '2026-07-09', dates, adopted)?.code).toBe(
      'APPLICATION_TOO_RECENT_FOR_ACTIVIST',
    );
    expect(checkStepMinimumPeriod('E3', '2026-07-10', dates, adopted)).toBeNull();
  });
});

describe('BRANCH_COMMITTEE_MIN_FULL_MEMBERS 7 and committee sizes at every election (RULES §B.1)', () => {
  it.each([
    ['branch', 3, 6, 4, 'ELECTION_COMMITTEE_MIN_FULL_MEMBERS', null], // probationary members do not count
    ['branch', 3, 7, 0, null, null],
    ['branch', 0, 7, 0, null, 'BRANCH_COMMITTEE_EXPECTED'],
    ['branch', 0, 6, 0, null, null],
    ['branch', 2, 9, 0, 'COMMITTEE_SIZE_OUT_OF_RANGE', null],
    ['branch', 7, 9, 0, null, null],
    ['branch', 8, 9, 0, 'COMMITTEE_SIZE_OUT_OF_RANGE', null],
    ['jointBranch', 3, 6, 0, 'ELECTION_COMMITTEE_MIN_FULL_MEMBERS', null],
    ['generalBranch', 4, 60, 0, 'COMMITTEE_SIZE_OUT_OF_RANGE', null],
    ['generalBranch', 5, 60, 0, null, null],
    ['generalBranch', 9, 60, 0, null, null],
    ['generalBranch', 10, 60, 0, 'COMMITTEE_SIZE_OUT_OF_RANGE', null],
    ['organCommittee', 4, 120, 0, 'COMMITTEE_SIZE_OUT_OF_RANGE', null],
    ['organCommittee', 11, 120, 0, null, null],
    ['organCommittee', 12, 120, 0, 'COMMITTEE_SIZE_OUT_OF_RANGE', null],
    ['organCommittee', 15, 120, 0, null, null],
    ['organCommittee', 21, 120, 0, null, null],
    ['organCommittee', 22, 120, 0, 'COMMITTEE_SIZE_OUT_OF_RANGE', null],
    ['temporaryBranch', 0, 9, 0, 'TEMPORARY_BRANCH_NOT_ELECTED', null],
  ])(
    '%s electing %d seats with %d full (+%d probationary) → %s / advice %s',
    (type, seats, full, prob, code, advice) => {
      const r = checkElectionSeats(type, seats, roster(full, prob), policy);
      expect(r.violation?.code ?? null).toBe(code);
      expect(r.advice?.code ?? null).toBe(advice);
    },
  );

  it.each([
    ['branch', 1, 6, 'ELECTION_COMMITTEE_MIN_FULL_MEMBERS'],
    ['branch', 1, 7, null],
    ['branch', 0, 3, null], // secretary or deputy only
    ['generalBranch', 1, 3, null],
    ['temporaryBranch', 0, 9, 'TEMPORARY_BRANCH_NOT_ELECTED'],
  ])('by-election at a %s of %d committee seats with %d full members → %s', (type, seats, full, code) => {
    expect(checkByElectionCommittee(type, seats, roster(full), policy)?.code ?? null).toBe(code);
  });

  it('temporary branches have no term clock (RULES §B.1: leaders designated)', () => {
    expect(hasTermClock('temporaryBranch')).toBe(false);
    for (const t of ['branch', 'jointBranch', 'generalBranch', 'organCommittee']) expect(hasTermClock(t)).toBe(true);
  });
});

describe('seat reduction consent from the policy (RULES §D.5, seatReductionConsent*)', () => {
  const twoThirds = withOverrides(policy, { seatReductionConsentNumerator: 2, seatReductionConsentDenominator: 3 });
  it.each([
    [policy, 10, 5, 'SEAT_REDUCTION_CONSENT_NOT_MET'],
    [policy, 10, 6, null],
    [twoThirds, 9, 6, 'SEAT_REDUCTION_CONSENT_NOT_MET'],
    [twoThirds, 9, 7, null],
  ] as const)('%#: %d present, %d consent → %s', (p, present, consent, code) => {
    expect(canReduceSeats(4, 5, 3, consent, present, p)?.code ?? null).toBe(code);
  });
});

describe('NO_COMMITTEE_SECRETARY / DEPUTY 1 / 0–1 (RULES §B.1)', () => {
  it.each([
    [1, 0, null],
    [1, 1, null],
    [1, 2, 'NO_COMMITTEE_OFFICERS'],
    [0, 1, 'NO_COMMITTEE_OFFICERS'],
    [2, 0, 'NO_COMMITTEE_OFFICERS'],
  ])('%d secretary, %d deputies → %s', (s, d, code) => {
    expect(checkNoCommitteeOfficers(s, d, policy)?.code ?? null).toBe(code);
  });
});

describe('NEW_BRANCH_REPLY_DEADLINE 1 month (RULES §C.1 C5) and ELECTION_PREP_LEAD 1–2 months (RULES §D.1)', () => {
  // the C5 task's due instant (the kernel's taskDueAt): one month, month ends clamped; months never count working days
  it.each([
    ['2026-01-31T02:00:00.000Z', '2026-02-28T02:00:00.000Z'],
    ['2026-03-15T02:00:00.000Z', '2026-04-15T02:00:00.000Z'],
    ['2026-09-15T02:00:00.000Z', '2026-10-15T02:00:00.000Z'],
  ])('request %s → reply due %s', (req, due) => {
    expect(policy.newBranchReplyDeadline).toEqual({ months: 1 });
    expect(taskDueAt(req, policy.newBranchReplyDeadline, policy, null).dueAt).toBe(due);
    const working = withOverrides(policy, { taskDueInWorkingDays: true });
    expect(taskDueAt(req, policy.newBranchReplyDeadline, working, cal2026)).toMatchObject({
      dueAt: due,
      basis: 'calendar',
    });
  });

  it('the preparation window runs from T − 2 to T − 1 months', () => {
    expect(electionPrepWindow('2029-03-31', policy)).toEqual({ opens: '2029-01-31', dueBy: '2029-02-28' });
  });

  it.each([
    ['2029-02-28', null],
    ['2029-03-01', 'ELECTION_PREPARATION_LATE'],
  ])('decided %s for an election due 2029-03-31 → %s', (on, code) => {
    expect(checkElectionPrepTiming(on, '2029-03-31', policy)?.code ?? null).toBe(code);
  });
});

describe('ORGAN_COMMITTEE_SIZE_WITH_STANDING: standing ≤ 1/2 (RULES §B.1)', () => {
  it.each([
    [9, 19, null],
    [10, 19, 'STANDING_MEMBERS_ABOVE_HALF'],
    [10, 20, null],
    [11, 21, 'STANDING_MEMBERS_ABOVE_HALF'],
    [-1, 15, 'STANDING_MEMBERS_ABOVE_HALF'],
  ])('%d standing of %d → %s', (standing, seats, code) => {
    expect(checkStandingMembers(standing, seats, policy)?.code ?? null).toBe(code);
  });
});

describe('ORGAN_DISCIPLINE_COMMITTEE_MIN 5, secretary a deputy secretary (RULES §B.1, 机关条例2019 Art. 9)', () => {
  it.each([
    [0, 'd1', 'ORGAN_DISCIPLINE_COMMITTEE_MISSING'],
    [4, 'd1', 'ORGAN_DISCIPLINE_COMMITTEE_TOO_SMALL'],
    [5, 'd1', null],
    [5, 'x9', 'DISCIPLINE_SECRETARY_NOT_DEPUTY'],
    [5, null, 'DISCIPLINE_SECRETARY_NOT_DEPUTY'],
  ])('%d seats, secretary %s → %s', (seats, secretaryId, code) => {
    const r = checkOrganDisciplineCommittee({ seats, secretaryId, organCommitteeDeputyIds: ['d1', 'd2'] }, policy);
    expect(r?.code ?? null).toBe(code);
  });

  it('a general branch committee has a discipline member (RULES §B.1)', () => {
    expect(checkGeneralBranchDisciplineMember('generalBranch', ['secretary', 'organization'])?.code).toBe(
      'GENERAL_BRANCH_DISCIPLINE_MEMBER_MISSING',
    );
    expect(checkGeneralBranchDisciplineMember('generalBranch', ['secretary', 'discipline'])).toBeNull();
    expect(checkGeneralBranchDisciplineMember('branch', ['secretary'])).toBeNull();
  });
});

describe('PROJECT_BRANCH_MIN_DURATION 6 months (RULES §B.1, 支部条例)', () => {
  it.each([
    ['2026-01-31', '2026-07-30', 'PROJECT_BRANCH_TOO_SHORT'],
    ['2026-01-31', '2026-07-31', null],
    ['2026-08-31', '2027-02-27', 'PROJECT_BRANCH_TOO_SHORT'],
    ['2026-08-31', '2027-02-28', null],
  ])('project %s to %s → %s', (start, end, code) => {
    expect(checkProjectBranchDuration(start, end, policy)?.code ?? null).toBe(code);
  });
});

describe('DELEGATE_CONGRESS_MEMBER_THRESHOLD 500 (RULES §B.1, 选举条例2020 Art. 4)', () => {
  it.each([
    [499, false, 'DELEGATE_CONGRESS_BELOW_THRESHOLD'],
    [500, false, null],
    [499, true, null],
  ])('%d members, dispersed %s → %s', (members, dispersed, code) => {
    expect(checkDelegateCongress(members, dispersed, policy)?.code ?? null).toBe(code);
  });

  it('shares the approved quota by members, at least one delegate per unit', () => {
    expect(
      allocateDelegates(10, [
        { unitId: 'a', members: 300 },
        { unitId: 'b', members: 150 },
        { unitId: 'c', members: 50 },
      ]),
    ).toEqual({ a: 5, b: 3, c: 2 });
    expect(
      allocateDelegates(2, [
        { unitId: 'a', members: 1 },
        { unitId: 'b', members: 0 },
        { unitId: 'c', members: 9 },
      ]),
    ).toEqual({
      a: 1,
      b: 1,
      c: 1,
    });
    const big = allocateDelegates(150, [
      { unitId: 'a', members: 333 },
      { unitId: 'b', members: 333 },
      { unitId: 'c', members: 334 },
    ]);
    expect(Object.values(big).reduce((s, n) => s + n, 0)).toBe(150);
  });
});

describe('EXCLUSION_ABROAD_OR_AWAY 6 months by the meeting date (RULES §D.3)', () => {
  it.each([
    ['abroad', '2026-01-31', '2026-07-30', 'EXCLUSION_TOO_SHORT'],
    ['abroad', '2026-01-31', '2026-07-31', null],
    ['awayNotTransferred', '2026-03-01', '2026-08-31', 'EXCLUSION_TOO_SHORT'],
    ['awayNotTransferred', '2026-03-01', '2026-09-01', null],
    ['abroad', null, '2026-09-01', 'EXCLUSION_TOO_SHORT'],
    ['illness', null, '2026-09-01', null],
  ] as const)('%s since %s, meeting %s → %s', (ground, since, meeting, code) => {
    expect(checkExclusionDuration(ground, since, meeting, policy)?.code ?? null).toBe(code);
  });
});

describe('EXCLUSION_AWAY six months, over a check-in list (RULES §D.3: the meeting and its preview)', () => {
  it.each([
    [[{ reason: 'illness' }], null],
    [[{ reason: 'abroad6m', awaySince: '2026-03-01' }], null],
    [[{ reason: 'away6m', awaySince: '2026-03-02' }], 'EXCLUSION_TOO_SHORT'],
    [[{ reason: 'abroad6m' }], 'EXCLUSION_TOO_SHORT'],
    [
      [{ reason: 'bedridden' }, { reason: 'away6m', awaySince: '2026-01-01' }, { reason: 'abroad6m' }],
      'EXCLUSION_TOO_SHORT',
    ],
  ] as const)('%j, meeting 2026-09-01 → %s', (exclusions, code) => {
    expect(checkExclusionsDuration(exclusions, '2026-09-01', policy)?.code ?? null).toBe(code);
  });
});

describe('legacy-2010 keeps the current voting rules; toggles are written on the record (RULES H-2, §G.2)', () => {
  it('legacy differs from 2026.1 only in its term lengths and training hours', () => {
    const legacy = getPolicy('legacy-2010');
    expect(legacy.quorumAllowExactly).toBe(false);
    expect(legacy.branchVoteAllowExactlyHalf).toBe(false);
    expect(legacy.termYears.branch).toBe(2);
    expect(checkBranchVote({ entitled: 16, present: 8, forVotes: 8 }, legacy).quorumMet).toBe(false);
  });

  it.each([
    [16, 8, 8, true, true, true],
    [16, 9, 9, true, true, false],
    [16, 9, 8, true, true, true], // the pass rests on the toggle
    [15, 8, 8, true, true, false],
  ])(
    'toggle on: %d entitled, %d present, %d for → quorum %s, passed %s, toggle used %s',
    (e, p, f, q, passed, used) => {
      const pack = withOverrides(policy, { branchVoteAllowExactlyHalf: true });
      const r = checkBranchVote({ entitled: e, present: p, forVotes: f }, pack);
      expect([r.quorumMet, r.passed, r.exactlyHalfUsed]).toEqual([q, passed, used]);
      expect(checkBranchVote({ entitled: e, present: p, forVotes: f }, policy).exactlyHalfUsed).toBe(false);
    },
  );

  it('an unknown policy name is an error, no name is the current version', () => {
    expect(policyForOrganization(null).version).toBe('2026.1');
    expect(policyForOrganization('legacy-2010').version).toBe('legacy-2010');
    expect(() => policyForOrganization('2010')).toThrow(DomainRuleError);
  });
});

describe('exclusion contract carries the absence start (RULES §D.3)', () => {
  it('accepts an optional awaySince date on an exclusion', async () => {
    const { exclusionSchema } = await import('../../../libs/contracts');
    expect(
      exclusionSchema.safeParse({
        personId: 'p1',
        reason: 'abroad6m',
        approvalRef: '工委〔2026〕1号',
        awaySince: '2026-01-31',
      }).success,
    ).toBe(true);
    expect(
      exclusionSchema.safeParse({ personId: 'p1', reason: 'abroad6m', approvalRef: 'x', awaySince: '31.01.2026' })
        .success,
    ).toBe(false);
  });
});
