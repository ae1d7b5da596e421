import { and, desc, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Database, Db } from '../database';
import { duesArrears } from '../schema';
import { iso } from './time.util';

export interface DuesArrearsRecord {
  personId: string;
  /** the first month not paid, YYYY-MM */
  sinceMonth: string;
  note: string | null;
  recordedBy: string;
  recordedAt: string;
  settledOn: string | null;
  settledBy: string | null;
}

/**
 * 党费欠缴 in the registry (RULES §F lapse watch, 党章 Art. 9): one open row per person while dues are unpaid, settled
 * rows kept as the history. The lapse watch reads the rows open on its day.
 */
export class DuesRepository {
  private readonly db: Db;
  constructor(database: Database) {
    this.db = database.db;
  }

  /**
   * Records dues unpaid since `sinceMonth`: the open row of the person takes the new month (a correction), or a new row
   * opens. Returns the open row.
   */
  async recordArrears(i: {
    personId: string;
    sinceMonth: string;
    note: string | null;
    recordedBy: string;
  }): Promise<DuesArrearsRecord> {
    return this.db.transaction(async (tx) => {
      const values = { sinceMonth: i.sinceMonth, note: i.note, recordedBy: i.recordedBy, recordedAt: sql`now()` };
      const [updated] = await tx
        .update(duesArrears)
        .set(values)
        .where(and(eq(duesArrears.personId, i.personId), isNull(duesArrears.settledOn)))
        .returning();
      const row =
        updated ??
        (
          await tx
            .insert(duesArrears)
            .values({ personId: i.personId, ...values })
            .returning()
        )[0]!;
      return toRecord(row);
    });
  }

  /** Settles the person's open row (paid up) on `on`; false when nothing was open. */
  async settle(personId: string, on: string, settledBy: string): Promise<boolean> {
    const rows = await this.db
      .update(duesArrears)
      .set({ settledOn: on, settledBy })
      .where(and(eq(duesArrears.personId, personId), isNull(duesArrears.settledOn)))
      .returning({ id: duesArrears.id });
    return rows.length > 0;
  }

  /** The person's open row, or null when their dues are paid up (or never recorded). */
  async current(personId: string): Promise<DuesArrearsRecord | null> {
    const [row] = await this.db
      .select()
      .from(duesArrears)
      .where(and(eq(duesArrears.personId, personId), isNull(duesArrears.settledOn)));
    return row ? toRecord(row) : null;
  }

  /** Every row of the person, newest first. */
  async history(personId: string): Promise<DuesArrearsRecord[]> {
    const rows = await this.db
      .select()
      .from(duesArrears)
      .where(eq(duesArrears.personId, personId))
      .orderBy(desc(duesArrears.recordedAt), desc(duesArrears.id));
    return rows.map(toRecord);
  }

  /**
   * The first unpaid month of each of the people whose arrears were open on `asOf` (begun by then, not settled by
   * then); people paid up are absent from the map.
   */
  async unpaidSinceOn(personIds: string[], asOf: string): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (personIds.length === 0) return out;
    const rows = await this.db
      .select({ personId: duesArrears.personId, sinceMonth: duesArrears.sinceMonth })
      .from(duesArrears)
      .where(
        and(
          inArray(duesArrears.personId, personIds),
          lte(duesArrears.sinceMonth, asOf.slice(0, 7)),
          or(isNull(duesArrears.settledOn), gt(duesArrears.settledOn, asOf)),
        ),
      );
    // a settled row and a newer open one may both cover asOf: the earlier month is the longer run
    for (const r of rows) {
      const known = out.get(r.personId);
      if (known === undefined || r.sinceMonth < known) out.set(r.personId, r.sinceMonth);
    }
    return out;
  }
}

function toRecord(row: typeof duesArrears.$inferSelect): DuesArrearsRecord {
  return {
    personId: row.personId,
    sinceMonth: row.sinceMonth,
    note: row.note,
    recordedBy: row.recordedBy,
    recordedAt: iso(row.recordedAt),
    settledOn: row.settledOn,
    settledBy: row.settledBy,
  };
}
