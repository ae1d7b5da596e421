import { and, asc, eq, inArray } from 'drizzle-orm';
import type { RoleName } from '../../libs/contracts';
import { roleGrants } from '../../libs/db';
import type { Db } from '../../libs/db';

/** Users holding `role` at any of `bodyIds` (org or party group ids), sorted and unique. */
export async function usersWithRoleAt(db: Db, role: RoleName, bodyIds: readonly string[]): Promise<string[]> {
  const ids = bodyIds.filter((b): b is string => !!b);
  if (ids.length === 0) return [];
  const rows = await db
    .selectDistinct({ userId: roleGrants.userId })
    .from(roleGrants)
    .where(and(eq(roleGrants.role, role), inArray(roleGrants.at, ids)))
    .orderBy(asc(roleGrants.userId));
  return rows.map((r) => r.userId);
}
