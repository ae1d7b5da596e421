import { libraryCalendar, workingDayCalendar } from '../../../libs/calendar';
import { WorkingDayRepository } from '../../../libs/db';
import { addWorkingDays, dayKind, getPolicy, isWorkingDay, publicNoticeEnd, withOverrides } from '../../../libs/domain';
import { LANES, useLane } from '../db/lanes';

// The calendar at the edge: chinese-days' data in CommonJS jest, the override table (migration 0011), the domain
// functions on the merged data (RULES §0.2 工作日, §E step 13 public notice).

describe('working-day calendar from chinese-days (issue 10)', () => {
  const calendar = libraryCalendar();

  it('knows the statutory holidays and make-up workdays of 2026', () => {
    expect(calendar.years).toContain(2026);
    expect(isWorkingDay('2026-10-01', calendar)).toEqual({ ok: true, value: false }); // National Day
    expect(isWorkingDay('2026-10-10', calendar)).toEqual({ ok: true, value: true }); // Saturday, 调休上班
    expect(isWorkingDay('2026-09-20', calendar)).toEqual({ ok: true, value: true }); // Sunday, 调休上班
    expect(isWorkingDay('2026-02-16', calendar)).toEqual({ ok: true, value: false }); // Spring Festival eve
  });

  it.each([
    ['2026-10-01', 'holiday'], // National Day
    ['2026-10-10', 'makeUpWorkday'], // Saturday, 调休上班
    ['2026-10-11', 'weekend'],
    ['2026-10-12', 'workday'],
    ['2099-10-12', null], // a year the library does not know
  ])('says what the library says of %s: %p (RULES §0.2)', (date, kind) => {
    expect(dayKind(date, calendar)).toBe(kind);
  });

  it('counts a public notice across the National Day holiday and its make-up Saturday', () => {
    const policy = withOverrides(getPolicy('2026.1-practice'), {});
    expect(publicNoticeEnd('2026-09-29', policy, calendar)).toEqual({ ok: true, value: '2026-10-10' });
  });

  it('refuses a year the library does not know until an administrator enters it', () => {
    const unknown = calendar.years.at(-1)! + 1;
    const refused = addWorkingDays(`${unknown}-03-02`, 1, calendar);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.violation.messageEn).toMatch(/working-day calendar has no holidays/);
    const merged = workingDayCalendar([{ date: `${unknown}-01-01`, working: false }]);
    expect(merged.years).toContain(unknown);
    expect(isWorkingDay(`${unknown}-01-01`, merged)).toEqual({ ok: true, value: false });
  });
});

describe.each(LANES)('WorkingDayRepository on %s', (lane) => {
  const db = useLane(lane);

  it('stores overrides, one per date, the last entry winning', async () => {
    const repo = new WorkingDayRepository(db());
    await repo.upsert({ date: '2030-10-01', working: false, note: '国庆节' }, 'u-admin');
    await repo.upsert({ date: '2030-10-12', working: true, note: '调休上班' }, 'u-admin');
    await repo.upsert({ date: '2030-10-12', working: false, note: '更正' }, 'u-admin');
    const rows = await repo.list();
    expect(rows.filter((r) => r.date.startsWith('2030-'))).toEqual([
      { date: '2030-10-01', working: false, note: '国庆节' },
      { date: '2030-10-12', working: false, note: '更正' },
    ]);
    const merged = workingDayCalendar(rows);
    expect(isWorkingDay('2030-10-01', merged)).toEqual({ ok: true, value: false });
    expect((await repo.entries(2030)).map((e) => [e.date, e.updatedBy])).toEqual([
      ['2030-10-01', 'u-admin'],
      ['2030-10-12', 'u-admin'],
    ]);
    expect(await repo.remove('2030-10-12')).toBe(true);
    expect(await repo.remove('2030-10-12')).toBe(false);
    expect(await repo.get('2030-10-12')).toBeNull();
    expect((await repo.get('2030-10-01'))?.note).toBe('国庆节');
  });
});
