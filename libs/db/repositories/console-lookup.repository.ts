import { and, asc, eq, inArray, isNull, notExists, or, gt, lte } from 'drizzle-orm';
import type { Database, Db } from '../database';
import { departments, memberships, partyGroups, people, users } from '../schema';

export interface DepartmentWithPartyGroup {
  id: string;
  name: string;
  partyGroupId: string | null;
  partyGroupName: string | null;
}

export interface ApplicantRecord {
  personId: string;
  name: string;
  birthDate: string | null;
  unitOrgId: string | null;
}

/**
 * Lookups the web console needs for pickers and labels (departments with their party groups, applicants of a work
 * unit, display names by id); read-only, no rule.
 */
export class ConsoleLookupRepository {
  private readonly db: Db;
  constructor(database: Database) {
    this.db = database.db;
  }

  async departmentsWithPartyGroups(): Promise<DepartmentWithPartyGroup[]> {
    return this.db
      .select({
        id: departments.id,
        name: departments.name,
        partyGroupId: partyGroups.id,
        partyGroupName: partyGroups.name,
      })
      .from(departments)
      .leftJoin(partyGroups, eq(partyGroups.departmentId, departments.id))
      .orderBy(asc(departments.id));
  }

  /**
   * People whose work unit the organization serves (`people.unit_org_id`, RULES §E step 1) and who hold no membership
   * on `isoDate`: those who may apply there.
   */
  async applicantsOf(orgId: string, isoDate: string): Promise<ApplicantRecord[]> {
    const heldMembership = this.db
      .select({ id: memberships.id })
      .from(memberships)
      .where(
        and(
          eq(memberships.personId, people.id),
          lte(memberships.since, isoDate),
          or(isNull(memberships.until), gt(memberships.until, isoDate)),
        ),
      );
    return this.db
      .select({ personId: people.id, name: people.name, birthDate: people.birthDate, unitOrgId: people.unitOrgId })
      .from(people)
      .where(and(eq(people.unitOrgId, orgId), notExists(heldMembership)))
      .orderBy(asc(people.id));
  }

  /** Display names of users and names of people, by id (unknown ids are left out). */
  async namesOf(ids: string[]): Promise<Record<string, string>> {
    if (ids.length === 0) return {};
    const [userRows, personRows] = await Promise.all([
      this.db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, ids)),
      this.db.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, ids)),
    ]);
    const names: Record<string, string> = {};
    for (const row of [...personRows, ...userRows]) names[row.id] = row.name;
    return names;
  }
}
