import {
  checkShiftRequest,
  DomainRuleError,
  electionDue,
  electionOpenDate,
  getPolicy,
  nextTermDates,
  secondReminderDate,
  termEndDate,
  termStartFor,
  termStateOn,
  vacancyDueDate,
  withOverrides,
  type EstablishableType,
  type TermClockState,
} from '../../../libs/domain';

const policy = getPolicy();
const legacy = getPolicy('legacy-2010');

describe('term clock policy (RULES §D.1, H-7, H-19)', () => {
  it('adds the term clock numbers to every version', () => {
    for (const p of [policy, legacy]) {
      expect(p.termReminderLead).toEqual({ months: 6 });
      expect(p.termSecondReminderLead).toEqual({ months: 2 });
      expect(p.overdueEscalationRepeat).toEqual({ months: 1 });
      expect(p.termStartsOn).toBe('approval');
      expect(p.delayShortensNextTerm).toBe(false);
    }
  });
});

describe('electionDue (RULES §B.3)', () => {
  it('is T without a shift and the shifted date with one', () => {
    expect(electionDue('2029-03-15', null)).toBe('2029-03-15');
    expect(electionDue('2029-03-15', '2030-03-15')).toBe('2030-03-15');
    expect(electionDue('2029-03-15', '2028-06-01')).toBe('2028-06-01');
  });

  it('rejects malformed dates', () => {
    expect(() => electionDue('2029-02-29', null)).toThrow(DomainRuleError);
    expect(() => electionDue('2029-03-15', '15/03/2030')).toThrow(DomainRuleError);
  });
});

describe('reminder dates for 3- and 5-year terms (RULES §D.1, H-13 month-end clamp)', () => {
  it.each<[string, EstablishableType, string, string, string]>([
    // start, type, T, T − 6 months, T − 2 months
    ['2026-03-15', 'branch', '2029-03-15', '2028-09-15', '2029-01-15'],
    ['2026-03-15', 'organCommittee', '2031-03-15', '2030-09-15', '2031-01-15'],
    ['2026-08-31', 'generalBranch', '2029-08-31', '2029-02-28', '2029-06-30'],
    ['2026-08-31', 'organCommittee', '2031-08-31', '2031-02-28', '2031-06-30'],
    ['2025-08-31', 'branch', '2028-08-31', '2028-02-29', '2028-06-30'],
    ['2024-02-29', 'branch', '2027-02-28', '2026-08-28', '2026-12-28'],
    ['2024-02-29', 'organCommittee', '2029-02-28', '2028-08-28', '2028-12-28'],
    ['2023-04-29', 'organCommittee', '2028-04-29', '2027-10-29', '2028-02-29'],
  ])('term from %s (%s) ends %s; opens %s; second reminder %s', (start, type, end, open, second) => {
    expect(termEndDate(start, type, policy)).toBe(end);
    expect(electionOpenDate(end, policy)).toBe(open);
    expect(secondReminderDate(end, policy)).toBe(second);
  });

  it('follows the policy leads', () => {
    const p = withOverrides(policy, { termReminderLead: { months: 3 }, termSecondReminderLead: { months: 1 } });
    expect(electionOpenDate('2029-05-31', p)).toBe('2029-02-28');
    expect(secondReminderDate('2029-03-31', p)).toBe('2029-02-28');
  });
});

describe('termStateOn around T − 6 months and T (RULES §D.1, H-19)', () => {
  type View = { termEnd: string; shiftedTo: string | null; electionOpen: boolean; closed: boolean };
  const base: View = { termEnd: '2029-03-15', shiftedTo: null, electionOpen: false, closed: false };
  it.each<[string, Partial<View>, TermClockState]>([
    ['2028-09-14', {}, 'current'],
    ['2028-09-15', {}, 'dueSoon'],
    ['2029-03-15', {}, 'dueSoon'],
    ['2028-09-15', { electionOpen: true }, 'electionOpen'],
    ['2029-03-15', { electionOpen: true }, 'electionOpen'],
    ['2029-03-16', { electionOpen: true }, 'overdue'],
    ['2029-03-16', {}, 'overdue'],
    ['2031-01-01', {}, 'overdue'],
    ['2029-03-16', { closed: true }, 'closed'],
    ['2028-01-01', { closed: true }, 'closed'],
    // an approved one-year delay moves both the open date and the overdue date
    ['2029-03-16', { shiftedTo: '2030-03-15' }, 'current'],
    ['2029-09-15', { shiftedTo: '2030-03-15' }, 'dueSoon'],
    ['2029-03-16', { shiftedTo: '2030-03-15', electionOpen: true }, 'electionOpen'],
    ['2030-03-15', { shiftedTo: '2030-03-15', electionOpen: true }, 'electionOpen'],
    ['2030-03-16', { shiftedTo: '2030-03-15', electionOpen: true }, 'overdue'],
    // an approved advance makes it overdue earlier
    ['2028-12-02', { shiftedTo: '2028-12-01', electionOpen: true }, 'overdue'],
  ])('on %s with %j: %s', (today, overrides, state) => {
    expect(termStateOn(today, { ...base, ...overrides }, policy)).toBe(state);
  });
});

describe('nextTermDates (RULES §B.2, H-7)', () => {
  it.each<[string, EstablishableType, string, number, string]>([
    ['2026.1', 'branch', '2029-04-20', 3, '2032-04-20'],
    ['2026.1', 'generalBranch', '2029-04-20', 3, '2032-04-20'],
    ['2026.1', 'organCommittee', '2029-04-20', 5, '2034-04-20'],
    ['2026.1', 'branch', '2028-02-29', 3, '2031-02-28'],
    ['legacy-2010', 'branch', '2029-04-20', 2, '2031-04-20'],
    ['legacy-2010', 'generalBranch', '2029-04-20', 3, '2032-04-20'],
    ['legacy-2010', 'organCommittee', '2029-04-20', 4, '2033-04-20'],
  ])('%s %s from %s: %d years to %s', (version, type, start, years, end) => {
    expect(nextTermDates(start, type, getPolicy(version))).toEqual({
      termStart: start,
      termEnd: end,
      termYears: years,
    });
  });

  it('a delayed election does not shorten the next term by default; the policy toggle anchors on the old T', () => {
    const opts = { previousTermEnd: '2029-03-15' };
    expect(nextTermDates('2030-01-10', 'branch', policy, opts).termEnd).toBe('2033-01-10');
    const shortens = withOverrides(policy, { delayShortensNextTerm: true });
    expect(nextTermDates('2030-01-10', 'branch', shortens, opts)).toEqual({
      termStart: '2030-01-10',
      termEnd: '2032-03-15',
      termYears: 3,
    });
    // an early election always gets a full term from its start
    expect(nextTermDates('2028-12-01', 'branch', shortens, opts).termEnd).toBe('2031-12-01');
    expect(nextTermDates('2030-01-10', 'branch', shortens).termEnd).toBe('2033-01-10');
  });

  it('the minus-one-day option applies (H-13)', () => {
    const minusOne = withOverrides(policy, { periodEndMinusOneDay: true });
    expect(nextTermDates('2029-04-20', 'branch', minusOne).termEnd).toBe('2032-04-19');
  });

  it('termStartFor picks the approval date by default and the election date by policy (H-7)', () => {
    const dates = { electionDate: '2029-03-01', approvalDate: '2029-04-20' };
    expect(termStartFor(dates, policy)).toBe('2029-04-20');
    expect(termStartFor(dates, withOverrides(policy, { termStartsOn: 'election' }))).toBe('2029-03-01');
  });
});

describe('checkShiftRequest (RULES §B.3)', () => {
  const T = '2029-03-15';
  it.each<[string, string, string | null]>([
    // planned, today, violation code
    ['2030-03-15', '2029-01-10', null], // 12-month delay
    ['2030-03-16', '2029-01-10', 'TERM_DELAY_EXCEEDED'],
    ['2030-04-15', '2029-01-10', 'TERM_DELAY_EXCEEDED'], // 13-month delay
    ['2028-03-15', '2027-06-01', null], // 12-month advance
    ['2028-03-14', '2027-06-01', 'TERM_ADVANCE_EXCEEDED'],
    ['2028-02-15', '2027-06-01', 'TERM_ADVANCE_EXCEEDED'], // 13-month advance
    ['2029-06-01', '2029-06-01', null], // today is not the past
    ['2029-05-31', '2029-06-01', 'TERM_SHIFT_IN_PAST'],
    ['2028-06-01', '2028-09-01', 'TERM_SHIFT_IN_PAST'],
  ])('planned %s on %s: %s', (planned, today, code) => {
    expect(checkShiftRequest(T, planned, today, policy)?.code ?? null).toBe(code);
  });

  it('a 13-month delay is refused with the window and the shift in the numbers', () => {
    const v = checkShiftRequest(T, '2030-04-15', '2029-01-10', policy);
    expect(v).toMatchObject({
      code: 'TERM_DELAY_EXCEEDED',
      kind: 'rule',
      rule: 'RULES §B.3',
      numbers: { termEnd: T, planned: '2030-04-15', earliest: '2028-03-15', latest: '2030-03-15', shiftDays: 396 },
    });
    expect(v?.messageEn).toContain('2030-03-15');
    expect(v?.message).toContain('2028-03-15');
  });

  it('a 13-month advance reports a negative shift', () => {
    expect(checkShiftRequest(T, '2028-02-15', '2027-06-01', policy)?.numbers.shiftDays).toBe(-394);
  });

  it('a planned date in the past names both dates', () => {
    expect(checkShiftRequest(T, '2029-05-31', '2029-06-01', policy)).toMatchObject({
      kind: 'rule',
      numbers: { planned: '2029-05-31', today: '2029-06-01' },
    });
  });

  it('the legacy terms profile keeps the one-year cap both ways (RULES §G.2 row 3: not configurable)', () => {
    expect(checkShiftRequest(T, '2029-03-14', '2029-01-10', legacy)).toBeNull();
    expect(checkShiftRequest(T, '2030-03-15', '2029-01-10', legacy)).toBeNull();
    expect(checkShiftRequest(T, '2030-03-16', '2029-01-10', legacy)?.code).toBe('TERM_DELAY_EXCEEDED');
  });

  it.each([
    // [case, termEnd, planned, today, the malformed value] — RULES §0.2: answered as 400 INVALID_DATE, never thrown
    ['planned 30 Feb', T, '2030-02-30', '2029-01-10', '2030-02-30'],
    ['planned not a date', T, 'soon', '2029-01-10', 'soon'],
    ['termEnd malformed', '2029-13-01', '2029-06-01', '2029-01-10', '2029-13-01'],
    ['today malformed', T, '2029-06-01', '2029-1-10', '2029-1-10'],
  ])('answers malformed dates with INVALID_DATE (%s)', (_case, termEnd, planned, today, value) => {
    expect(checkShiftRequest(termEnd, planned, today, policy)).toMatchObject({
      code: 'INVALID_DATE',
      kind: 'invalid',
      numbers: { value },
    });
  });
});

describe('vacancyDueDate (RULES §B.4)', () => {
  it('is null while the vacancy clock is off (default)', () => {
    expect(vacancyDueDate('2026-01-31', policy)).toBeNull();
  });

  it.each([
    ['2026-01-31', '2026-04-30'],
    ['2027-11-30', '2028-02-29'],
    ['2026-03-15', '2026-06-15'],
  ])('vacancy on %s is due %s when the local rule is adopted', (occurred, due) => {
    expect(vacancyDueDate(occurred, withOverrides(policy, { vacancyFillDeadlineEnabled: true }))).toBe(due);
  });
});
