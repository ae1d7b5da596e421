import { and, eq, isNull } from 'drizzle-orm';
import type { Database, Db } from '../database';
import { idempotencyKeys } from '../schema';

/** The outcome of claiming an Idempotency-Key scope. */
export type IdempotencyClaim =
  | { state: 'new' }
  /** the same request seen before: its stored answer (a start that succeeded), or null (an update, or still running) */
  | { state: 'repeat'; response: unknown }
  /** the same key with another request */
  | { state: 'mismatch' };

/** Idempotency-Key claims (see `idempotencyKeys`). */
export class IdempotencyRepository {
  private readonly db: Db;
  constructor(database: Database) {
    this.db = database.db;
  }

  /** Claims the scope for the fingerprint; concurrent claims of one scope: exactly one is 'new'. */
  async claim(scope: string, fingerprint: string): Promise<IdempotencyClaim> {
    const inserted = await this.db
      .insert(idempotencyKeys)
      .values({ scope, fingerprint })
      .onConflictDoNothing({ target: idempotencyKeys.scope })
      .returning({ scope: idempotencyKeys.scope });
    if (inserted.length > 0) return { state: 'new' };
    const [row] = await this.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.scope, scope));
    if (!row) return this.claim(scope, fingerprint); // released meanwhile
    if (row.fingerprint !== fingerprint) return { state: 'mismatch' };
    return { state: 'repeat', response: row.response ?? null };
  }

  /** The fingerprint of the request that claimed the scope, or null while it is unclaimed. */
  async fingerprintOf(scope: string): Promise<string | null> {
    const [row] = await this.db
      .select({ fingerprint: idempotencyKeys.fingerprint })
      .from(idempotencyKeys)
      .where(eq(idempotencyKeys.scope, scope));
    return row?.fingerprint ?? null;
  }

  /** Keeps the answer of the request that claimed the scope. */
  async complete(scope: string, response: unknown): Promise<void> {
    await this.db.update(idempotencyKeys).set({ response }).where(eq(idempotencyKeys.scope, scope));
  }

  /** Gives up a claim whose request failed before it took effect, so the client may retry with the same key. */
  async release(scope: string): Promise<void> {
    await this.db
      .delete(idempotencyKeys)
      .where(and(eq(idempotencyKeys.scope, scope), isNull(idempotencyKeys.response)));
  }
}
