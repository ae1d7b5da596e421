import { and, asc, eq, gte, lte } from 'drizzle-orm';
import type { Database, Db } from '../database';
import { workingDayOverrides } from '../schema';

export interface WorkingDayOverrideRow {
  date: string;
  working: boolean;
  note: string | null;
}

/** An override as the administrators' list shows it: who entered it last, and when. */
export interface WorkingDayOverrideEntry extends WorkingDayOverrideRow {
  updatedBy: string | null;
  updatedAt: string;
}

const ENTRY = {
  date: workingDayOverrides.date,
  working: workingDayOverrides.working,
  note: workingDayOverrides.note,
  updatedBy: workingDayOverrides.updatedBy,
  updatedAt: workingDayOverrides.updatedAt,
};

/** The administrator's working-day overrides (migration 0011), read at the edge into the domain's calendar. */
export class WorkingDayRepository {
  private readonly db: Db;
  constructor(database: Database) {
    this.db = database.db;
  }

  async list(): Promise<WorkingDayOverrideRow[]> {
    return this.db
      .select({ date: workingDayOverrides.date, working: workingDayOverrides.working, note: workingDayOverrides.note })
      .from(workingDayOverrides)
      .orderBy(asc(workingDayOverrides.date));
  }

  /** The entries of one calendar year (all years when none is given), by date, with who entered them. */
  async entries(year?: number): Promise<WorkingDayOverrideEntry[]> {
    const inYear =
      year === undefined
        ? undefined
        : and(gte(workingDayOverrides.date, `${year}-01-01`), lte(workingDayOverrides.date, `${year}-12-31`));
    return this.db.select(ENTRY).from(workingDayOverrides).where(inYear).orderBy(asc(workingDayOverrides.date));
  }

  async get(date: string): Promise<WorkingDayOverrideEntry | null> {
    const [row] = await this.db.select(ENTRY).from(workingDayOverrides).where(eq(workingDayOverrides.date, date));
    return row ?? null;
  }

  async upsert(row: WorkingDayOverrideRow, updatedBy: string): Promise<void> {
    await this.db
      .insert(workingDayOverrides)
      .values({ ...row, updatedBy })
      .onConflictDoUpdate({
        target: workingDayOverrides.date,
        set: { working: row.working, note: row.note, updatedBy, updatedAt: new Date().toISOString() },
      });
  }

  /** Removes the entry of a date; false when there was none. */
  async remove(date: string): Promise<boolean> {
    const gone = await this.db
      .delete(workingDayOverrides)
      .where(eq(workingDayOverrides.date, date))
      .returning({ date: workingDayOverrides.date });
    return gone.length > 0;
  }
}
