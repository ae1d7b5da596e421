import { DuesRepository, people } from '../../../libs/db';
import { LANES, useLane } from './lanes';

/** 党费欠缴 in the registry (RULES §F lapse watch, 党章 Art. 9): one open row per person, settled rows kept. */
describe.each(LANES)('dues arrears repository on %s', (lane) => {
  const db = useLane(lane);
  let repo: DuesRepository;
  beforeAll(async () => {
    repo = new DuesRepository(db());
    await db()
      .db.insert(people)
      .values([
        { id: 'p-dues-1', name: '甲' },
        { id: 'p-dues-2', name: '乙' },
      ]);
  });

  it('records, corrects and settles the fact; the history keeps every row', async () => {
    const first = await repo.recordArrears({
      personId: 'p-dues-1',
      sinceMonth: '2027-01',
      note: null,
      recordedBy: 'u-a',
    });
    expect(first).toMatchObject({ personId: 'p-dues-1', sinceMonth: '2027-01', settledOn: null });
    // a second record while one is open corrects the month (still one open row)
    await repo.recordArrears({ personId: 'p-dues-1', sinceMonth: '2027-02', note: '更正', recordedBy: 'u-a' });
    expect(await repo.current('p-dues-1')).toMatchObject({ sinceMonth: '2027-02', note: '更正' });
    expect(await repo.history('p-dues-1')).toHaveLength(1);
    expect(await repo.settle('p-dues-1', '2027-05-10', 'u-a')).toBe(true);
    expect(await repo.settle('p-dues-1', '2027-05-11', 'u-a')).toBe(false);
    expect(await repo.current('p-dues-1')).toBeNull();
    await repo.recordArrears({ personId: 'p-dues-1', sinceMonth: '2027-09', note: null, recordedBy: 'u-b' });
    const history = await repo.history('p-dues-1');
    expect(history.map((h) => [h.sinceMonth, h.settledOn])).toEqual([
      ['2027-09', null],
      ['2027-02', '2027-05-10'],
    ]);
  });

  it('answers, for the day of a watch, the first unpaid month of those unpaid then', async () => {
    await repo.recordArrears({ personId: 'p-dues-2', sinceMonth: '2027-03', note: null, recordedBy: 'u-a' });
    const on = async (asOf: string) => Object.fromEntries(await repo.unpaidSinceOn(['p-dues-1', 'p-dues-2'], asOf));
    expect(await on('2027-02-28')).toEqual({ 'p-dues-1': '2027-02' }); // p-dues-2 not yet unpaid
    expect(await on('2027-04-30')).toEqual({ 'p-dues-1': '2027-02', 'p-dues-2': '2027-03' });
    expect(await on('2027-06-30')).toEqual({ 'p-dues-2': '2027-03' }); // p-dues-1 settled on 10 May
    expect(await on('2027-09-30')).toEqual({ 'p-dues-1': '2027-09', 'p-dues-2': '2027-03' });
    expect(await repo.unpaidSinceOn([], '2027-09-30')).toEqual(new Map());
  });
});
