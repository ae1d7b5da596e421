import { and, eq } from 'drizzle-orm';
import type { Database, Db } from '../database';
import { admissionReservations } from '../schema';
import { iso } from './time.util';

export interface AdmissionReservation {
  personId: string;
  caseId: string;
  token: string;
  /** ISO instant */
  reservedAt: string;
}

/**
 * The one-running-case-per-person guard of member development (RULES §E). Every write is one atomic statement on the
 * person's row (primary key): an insert that fails on conflict, a take-over conditioned on the token read, a release
 * conditioned on the caller's own token.
 */
export class AdmissionReservationRepository {
  private readonly db: Db;
  constructor(database: Database) {
    this.db = database.db;
  }

  /** Inserts the person's reservation; null when the person already has one (read it with `get`). */
  async insert(
    r: Omit<AdmissionReservation, 'reservedAt'> & { reservedAt?: string },
  ): Promise<AdmissionReservation | null> {
    const [row] = await this.db
      .insert(admissionReservations)
      .values({ ...r, reservedAt: r.reservedAt ?? undefined })
      .onConflictDoNothing({ target: admissionReservations.personId })
      .returning();
    return row ? toReservation(row) : null;
  }

  async get(personId: string): Promise<AdmissionReservation | null> {
    const [row] = await this.db
      .select()
      .from(admissionReservations)
      .where(eq(admissionReservations.personId, personId));
    return row ? toReservation(row) : null;
  }

  /**
   * Replaces the reservation `previousToken` with a new one; null when someone else changed or released it first
   * (then at most one of several concurrent take-overs wins).
   */
  async takeOver(
    personId: string,
    previousToken: string,
    next: { caseId: string; token: string; reservedAt?: string },
  ): Promise<AdmissionReservation | null> {
    const [row] = await this.db
      .update(admissionReservations)
      .set({ caseId: next.caseId, token: next.token, reservedAt: next.reservedAt ?? new Date().toISOString() })
      .where(and(eq(admissionReservations.personId, personId), eq(admissionReservations.token, previousToken)))
      .returning();
    return row ? toReservation(row) : null;
  }

  /** Drops the caller's own reservation (a start that failed); false when it is no longer the caller's. */
  async release(personId: string, token: string): Promise<boolean> {
    const rows = await this.db
      .delete(admissionReservations)
      .where(and(eq(admissionReservations.personId, personId), eq(admissionReservations.token, token)))
      .returning({ personId: admissionReservations.personId });
    return rows.length > 0;
  }
}

function toReservation(row: typeof admissionReservations.$inferSelect): AdmissionReservation {
  return { personId: row.personId, caseId: row.caseId, token: row.token, reservedAt: iso(row.reservedAt) };
}
