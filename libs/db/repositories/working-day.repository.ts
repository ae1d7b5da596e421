import { asc } from 'drizzle-orm';
import type { Database, Db } from '../database';
import { workingDayOverrides } from '../schema';

export interface WorkingDayOverrideRow {
  date: string;
  working: boolean;
  note: string | null;
}

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

  async upsert(row: WorkingDayOverrideRow, updatedBy: string): Promise<void> {
    await this.db
      .insert(workingDayOverrides)
      .values({ ...row, updatedBy })
      .onConflictDoUpdate({
        target: workingDayOverrides.date,
        set: { working: row.working, note: row.note, updatedBy, updatedAt: new Date().toISOString() },
      });
  }
}
