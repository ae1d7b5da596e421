import { RateLimitRepository } from '../../../libs/db';
import { LANES, useLane } from './lanes';

const MINUTE = 60_000;
const T0 = 1_800_000_000_000;

describe.each(LANES)('RateLimitRepository on %s (shared rate-limit counters, issue 8 §4)', (lane) => {
  const db = useLane(lane);
  let counters: RateLimitRepository;
  beforeAll(() => {
    counters = new RateLimitRepository(db());
  });

  it('counts hits in a fixed window, blocks past the limit, and opens a new window after the block', async () => {
    const hit = (at: number) => counters.hit('k-window', at, MINUTE, 3, MINUTE);
    expect(await hit(T0)).toEqual({ hits: 1, windowEndsAt: T0 + MINUTE, blockedUntil: 0 });
    expect((await hit(T0 + 1)).hits).toBe(2);
    expect(await hit(T0 + 2)).toEqual({ hits: 3, windowEndsAt: T0 + MINUTE, blockedUntil: 0 });
    // the fourth hit in the window: blocked for a minute from now
    expect(await hit(T0 + 3)).toEqual({ hits: 4, windowEndsAt: T0 + MINUTE, blockedUntil: T0 + 3 + MINUTE });
    // blocked hits do not count and do not extend the block, even past the window's end
    expect(await hit(T0 + MINUTE + 1)).toEqual({ hits: 4, windowEndsAt: T0 + MINUTE, blockedUntil: T0 + 3 + MINUTE });
    // after the block: a new window, this hit its first
    const after = T0 + 3 + MINUTE;
    expect(await hit(after)).toEqual({ hits: 1, windowEndsAt: after + MINUTE, blockedUntil: 0 });
  });

  it('starts afresh when the window ended without a block', async () => {
    await counters.hit('k-fresh', T0, MINUTE, 5, MINUTE);
    await counters.hit('k-fresh', T0 + 10, MINUTE, 5, MINUTE);
    expect(await counters.hit('k-fresh', T0 + MINUTE, MINUTE, 5, MINUTE)).toEqual({
      hits: 1,
      windowEndsAt: T0 + 2 * MINUTE,
      blockedUntil: 0,
    });
  });

  it('counts concurrent hits once each (several API processes at once)', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => counters.hit('k-race', T0, MINUTE, 10, MINUTE)));
    // 10 allowed (1..10), the 11th blocks the key, the 9 after it are not counted
    const hits = results.map((r) => r.hits).sort((a, b) => a - b);
    expect(hits).toEqual([...Array.from({ length: 11 }, (_, i) => i + 1), ...Array<number>(9).fill(11)]);
    expect(results.filter((r) => r.blockedUntil > T0)).toHaveLength(10);
  });

  it('sweeps counters whose window and block are over, and keeps the others', async () => {
    const late = T0 + 100 * MINUTE;
    await counters.hit('k-live', late, MINUTE, 5, MINUTE);
    await counters.hit('k-blocked', late - MINUTE, MINUTE, 0, 10 * MINUTE);
    const removed = await counters.sweep(late + 1);
    expect(removed).toBeGreaterThanOrEqual(3); // k-window, k-fresh, k-race
    expect((await counters.hit('k-live', late + 2, MINUTE, 5, MINUTE)).hits).toBe(2);
    expect((await counters.hit('k-blocked', late + 2, MINUTE, 0, 10 * MINUTE)).blockedUntil).toBe(late + 9 * MINUTE);
  });
});
