import { and, lt, sql } from 'drizzle-orm';
import type { Database, Db } from '../database';
import { rateLimitHits } from '../schema';

/** A key's counter after one hit: hits in its window, and until when (epoch ms) it is blocked (0: not blocked). */
export interface RateLimitCounter {
  hits: number;
  windowEndsAt: number;
  blockedUntil: number;
}

/**
 * Rate-limit counters in SQL (`rate_limit_hits`), so that every API process of a deployment counts the same hits. One
 * statement per hit (an upsert evaluated on the row as it was), so concurrent hits from several processes are counted
 * once each. Fixed windows: a key's first hit opens a window of `ttlMs`; a hit past `limit` inside it blocks the key for
 * `blockMs`, during which hits are not counted; after the block or the window, the next hit opens a new window.
 */
export class RateLimitRepository {
  private readonly db: Db;
  constructor(database: Database) {
    this.db = database.db;
  }

  async hit(key: string, now: number, ttlMs: number, limit: number, blockMs: number): Promise<RateLimitCounter> {
    const t = rateLimitHits;
    const blocked = sql`${t.blockedUntil} > ${now}`;
    // the window is over, or a block has ended: this hit opens a new window
    const renewed = sql`(${t.windowEndsAt} <= ${now} OR ${t.blockedUntil} > 0)`;
    const [row] = await this.db
      .insert(t)
      .values({ key, hits: 1, windowEndsAt: now + ttlMs, blockedUntil: 1 > limit ? now + blockMs : 0 })
      .onConflictDoUpdate({
        target: t.key,
        set: {
          hits: sql`CASE WHEN ${blocked} THEN ${t.hits} WHEN ${renewed} THEN 1 ELSE ${t.hits} + 1 END`,
          windowEndsAt: sql`CASE WHEN ${blocked} THEN ${t.windowEndsAt} WHEN ${renewed} THEN ${now + ttlMs}::bigint
            ELSE ${t.windowEndsAt} END`,
          blockedUntil: sql`CASE WHEN ${blocked} THEN ${t.blockedUntil} WHEN ${renewed} THEN 0
            WHEN ${t.hits} + 1 > ${limit} THEN ${now + blockMs}::bigint ELSE 0 END`,
        },
      })
      .returning({ hits: t.hits, windowEndsAt: t.windowEndsAt, blockedUntil: t.blockedUntil });
    return { hits: row!.hits, windowEndsAt: Number(row!.windowEndsAt), blockedUntil: Number(row!.blockedUntil) };
  }

  /** Removes counters whose window and block are both over (they would start afresh anyway). */
  async sweep(now: number): Promise<number> {
    const removed = await this.db
      .delete(rateLimitHits)
      .where(and(lt(rateLimitHits.windowEndsAt, now), lt(rateLimitHits.blockedUntil, now)))
      .returning({ key: rateLimitHits.key });
    return removed.length;
  }
}
