import { addDuration, addToDate, ageOn, DomainRuleError, subtractDuration } from '../../../libs/domain';

describe('date math (RULES §0.2, H-13)', () => {
  it.each([
    ['2026-01-31', { months: 1 }, '2026-02-28'],
    ['2028-01-31', { months: 1 }, '2028-02-29'],
    ['2026-03-31', { months: 1 }, '2026-04-30'],
    ['2026-01-15', { months: 1 }, '2026-02-15'],
    ['2028-02-29', { years: 1 }, '2029-02-28'],
    ['2028-02-29', { years: 4 }, '2032-02-29'],
    ['2026-11-30', { months: 3 }, '2027-02-28'],
    ['2026-03-31', { months: -1 }, '2026-02-28'],
    ['2026-12-31', { days: 1 }, '2027-01-01'],
    ['2026-01-31', { months: 1, days: 1 }, '2026-03-01'],
    ['2026-07-01', { years: 3 }, '2029-07-01'],
  ])('%s + %j = %s', (from, d, expected) => {
    expect(addToDate(from, d)).toBe(expected);
  });

  it('keeps the time of day and returns a UTC instant', () => {
    expect(addDuration('2026-01-31T09:30:00.000Z', { months: 1 })).toBe('2026-02-28T09:30:00.000Z');
    expect(addDuration('2026-01-31T09:30:00+08:00', { hours: 2 })).toBe('2026-01-31T03:30:00.000Z');
    expect(addDuration('2026-05-01T00:00:00Z', { days: 7, hours: 1, minutes: 2, seconds: 3 })).toBe(
      '2026-05-08T01:02:03.000Z',
    );
    expect(subtractDuration('2026-05-08T00:00:00.000Z', { days: 7 })).toBe('2026-05-01T00:00:00.000Z');
  });

  it.each([
    ['2008-06-15', '2026-06-14', 17],
    ['2008-06-15', '2026-06-15', 18],
    ['2008-02-29', '2026-02-27', 17],
    ['2008-02-29', '2026-02-28', 18],
    ['2008-02-29', '2028-02-28', 19],
    ['2008-02-29', '2028-02-29', 20],
  ])('born %s, on %s: age %d', (birth, on, age) => {
    expect(ageOn(birth, on)).toBe(age);
  });

  it.each(['2026-02-30', '2026-13-01', '26-01-01', '2026-1-1'])('rejects malformed date %s', (bad) => {
    expect(() => addToDate(bad, { days: 1 })).toThrow(DomainRuleError);
  });

  it('rejects instants without an offset and fractional durations', () => {
    expect(() => addDuration('2026-01-01T00:00:00', { days: 1 })).toThrow(DomainRuleError);
    expect(() => addDuration('2026-01-01T00:00:00Z', { months: 0.5 })).toThrow(DomainRuleError);
  });
});
