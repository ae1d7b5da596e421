import { and, asc, eq } from 'drizzle-orm';
import type { Actor, RoleGrant, RoleName } from '../../contracts';
import type { Database, Db } from '../database';
import { roleGrants, users, type UserRow } from '../schema';
import { RegistryRepository } from './registry.repository';

/** Users and their role grants (RoleGrant in libs/contracts: role held at an org id or a party group id). */
export class IdentityRepository {
  private readonly db: Db;
  private readonly registry: RegistryRepository;
  constructor(database: Database) {
    this.db = database.db;
    this.registry = new RegistryRepository(database);
  }

  async getUser(userId: string): Promise<UserRow | null> {
    const [row] = await this.db.select().from(users).where(eq(users.id, userId));
    return row ?? null;
  }

  async listUsers(): Promise<UserRow[]> {
    return this.db.select().from(users).orderBy(asc(users.id));
  }

  async rolesOf(userId: string): Promise<RoleGrant[]> {
    return this.db
      .select({ role: roleGrants.role, at: roleGrants.at })
      .from(roleGrants)
      .where(eq(roleGrants.userId, userId))
      .orderBy(asc(roleGrants.id));
  }

  /** Users holding `role` exactly at bodyId (an org id or a party group id). */
  async usersForBody(bodyId: string, role: RoleName): Promise<UserRow[]> {
    const rows = await this.db
      .selectDistinct({ id: users.id, personId: users.personId, displayName: users.displayName, email: users.email })
      .from(users)
      .innerJoin(roleGrants, eq(roleGrants.userId, users.id))
      .where(and(eq(roleGrants.at, bodyId), eq(roleGrants.role, role)))
      .orderBy(asc(users.id));
    return rows;
  }

  /** Every org id inside the subtrees this user administers (admin grant at X covers X and all below it). */
  async adminOrgIdsOf(userId: string): Promise<string[]> {
    const roots = (await this.rolesOf(userId)).filter((g) => g.role === 'admin').map((g) => g.at);
    const ids = new Set<string>();
    for (const root of roots) {
      ids.add(root);
      for (const id of await this.registry.descendantsOf(root)) ids.add(id);
    }
    return [...ids].sort();
  }

  /** The Actor the API passes into workflow updates; null for an unknown user. */
  async actorFor(userId: string): Promise<Actor | null> {
    const user = await this.getUser(userId);
    if (!user) return null;
    return {
      userId: user.id,
      displayName: user.displayName,
      roles: await this.rolesOf(userId),
      adminOrgIds: await this.adminOrgIdsOf(userId),
    };
  }

  /** Idempotent upsert used by seeds and admin tooling. */
  async upsertUser(user: UserRow, grants: RoleGrant[] = []): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx
        .insert(users)
        .values(user)
        .onConflictDoUpdate({
          target: users.id,
          set: { personId: user.personId, displayName: user.displayName, email: user.email },
        });
      const existing = await tx.select().from(roleGrants).where(eq(roleGrants.userId, user.id));
      const missing = grants.filter((g) => !existing.some((e) => e.role === g.role && e.at === g.at));
      if (missing.length) await tx.insert(roleGrants).values(missing.map((g) => ({ userId: user.id, ...g })));
    });
  }
}
