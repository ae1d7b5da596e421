import {
  checkDuesUnpaidSince,
  duesUnpaidMonths,
  getPolicy,
  lapseGroundsText,
  lapseStatus,
  type MemberAttendanceFact,
} from '../../../libs/domain';

const policy = getPolicy();

/** The "dues unpaid" ground of the lapse watch — RULES §F, 党章 Art. 9 (warn at 3 months, flag at 6). */
describe('unpaid dues in the lapse watch — RULES §F, 党章 Art. 9', () => {
  it.each<[string | null, string, number]>([
    [null, '2027-06-30', 0],
    ['2027-01', '2027-01-30', 0], // January has not ended
    ['2027-01', '2027-01-31', 1],
    ['2027-01', '2027-06-29', 5],
    ['2027-01', '2027-06-30', 6], // the watch runs on the last day of the month: six months ended unpaid
    ['2026-11', '2027-04-30', 6], // across the year end
    ['2028-02', '2028-02-28', 0], // leap February ends on the 29th
    ['2028-02', '2028-02-29', 1],
    ['2027-09', '2027-06-30', 0], // recorded for a later month: nothing unpaid yet on that day
  ])('since %s, on %s: %i months unpaid', (since, asOf, months) => {
    expect(duesUnpaidMonths(since, asOf)).toBe(months);
  });

  it.each<[number, string, string[]]>([
    [2, 'none', []],
    [3, 'warned', ['dues']],
    [5, 'warned', ['dues']],
    [6, 'flagged', ['dues']],
    [12, 'flagged', ['dues']],
  ])('dues unpaid %i months, attending every meeting: %s', (months, level, reasons) => {
    const present: MemberAttendanceFact[] = [{ date: '2027-06-10', status: 'present' }];
    expect(lapseStatus(present, '2027-06-30', policy, months)).toMatchObject({
      level,
      reasons,
      duesUnpaidMonths: months,
      consecutiveMonths: 0,
    });
  });

  it('names both grounds when both reach the warning; the worse one sets the level', () => {
    const absent = (m: number): MemberAttendanceFact => ({ date: `2027-0${m}-10`, status: 'absent' });
    const facts = [absent(4), absent(5), absent(6)];
    expect(lapseStatus(facts, '2027-06-30', policy, 6)).toMatchObject({
      level: 'flagged',
      reasons: ['attendance', 'dues'],
      consecutiveMonths: 3,
    });
    expect(lapseStatus(facts, '2027-06-30', policy, 2)).toMatchObject({ level: 'warned', reasons: ['attendance'] });
  });

  it.each<[string, string, string | null]>([
    ['2027-12', '2027-12-01', null],
    ['2027-01', '2027-12-31', null],
    ['2028-01', '2027-12-31', 'DUES_MONTH_IN_FUTURE'],
    ['2027-13', '2027-12-31', 'INVALID_MONTH'],
    ['2027-1', '2027-12-31', 'INVALID_MONTH'],
    ['', '2027-12-31', 'INVALID_MONTH'],
  ])('records unpaid since %s on %s: refused %s (400 naming unpaidSince)', (since, today, code) => {
    const checked = checkDuesUnpaidSince(since, today);
    const refused = checked.ok ? null : checked.violation;
    expect(refused?.code ?? null).toBe(code);
    if (refused) expect(refused).toMatchObject({ kind: 'invalid', numbers: { field: 'unpaidSince' } });
    else expect(checked).toEqual({ ok: true, value: since });
  });

  it('says the grounds in the task titles, attendance when a case names none (cases opened before dues were read)', () => {
    expect(lapseGroundsText(undefined, 3)).toEqual({
      zh: '已连续3个月无正当理由未参加组织生活',
      en: '3 consecutive months absent without reason',
    });
    expect(lapseGroundsText(['dues'], 0, 4).zh).toBe('已连续4个月未交纳党费');
    expect(lapseGroundsText(['attendance', 'dues'], 6, 7)).toEqual({
      zh: '已连续6个月无正当理由未参加组织生活，已连续7个月未交纳党费',
      en: '6 consecutive months absent without reason; dues unpaid for 7 consecutive months',
    });
  });
});
