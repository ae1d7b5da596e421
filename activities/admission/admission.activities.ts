import { and, eq, isNull } from 'drizzle-orm';
import type { RecordAdmissionMilestoneInput } from '../../libs/contracts';
import { memberships, organizations, people } from '../../libs/db';
import type { Database } from '../../libs/db';
import { businessError } from '../support/business-error';

export function createAdmissionActivities(database: Database) {
  const db = database.db;
  return {
    /**
     * Membership effects of the development procedure (RULES §E): probationary from the branch vote date at approval
     * (steps 17–19), full from the probation end date (step 24, 党龄 starts there), or the probationary period closed
     * on cancellation (step 24, or the case withdrawn or cancelled after step 17). Idempotent: a retry finds the row
     * it wrote and changes nothing. A period is never closed before it began: `until` is clamped to `since` (a
     * membership row never ends before it starts), so a same-day or out-of-order date still writes a valid row.
     */
    async recordAdmissionMilestone(i: RecordAdmissionMilestoneInput): Promise<void> {
      await db.transaction(async (tx) => {
        const [person] = await tx.select({ id: people.id }).from(people).where(eq(people.id, i.personId));
        if (!person) businessError('PERSON_NOT_FOUND', `person ${i.personId} not found`, { personId: i.personId });
        const [org] = await tx
          .select({ id: organizations.id })
          .from(organizations)
          .where(eq(organizations.id, i.orgId));
        if (!org) businessError('ORG_NOT_FOUND', `organization ${i.orgId} not found`, { orgId: i.orgId });
        const open = await tx
          .select()
          .from(memberships)
          .where(and(eq(memberships.personId, i.personId), eq(memberships.orgId, i.orgId), isNull(memberships.until)));
        const openProbationary = open.find((r) => r.status === 'probationary');
        if (i.milestone === 'transferred') {
          // RULES §E step 21: a probationary member moves with the case; the period at the sending branch ends.
          const toOrgId = i.toOrgId ?? '';
          const [target] = await tx
            .select({ id: organizations.id })
            .from(organizations)
            .where(eq(organizations.id, toOrgId));
          if (!target) businessError('ORG_NOT_FOUND', `organization ${toOrgId} not found`, { orgId: toOrgId });
          if (openProbationary) {
            await tx
              .update(memberships)
              .set({ until: notBefore(i.date, openProbationary.since) })
              .where(eq(memberships.id, openProbationary.id));
          }
          const there = await tx
            .select({ id: memberships.id })
            .from(memberships)
            .where(
              and(eq(memberships.personId, i.personId), eq(memberships.orgId, toOrgId), isNull(memberships.until)),
            );
          if (there.length === 0) {
            await tx
              .insert(memberships)
              .values({ personId: i.personId, orgId: toOrgId, status: 'probationary', since: i.date });
          }
          return;
        }
        if (i.milestone === 'probationary') {
          if (open.length > 0) return;
          await tx.insert(memberships).values({
            personId: i.personId,
            orgId: i.orgId,
            status: 'probationary',
            since: i.date,
          });
          return;
        }
        if (open.some((r) => r.status === 'full')) return;
        if (openProbationary) {
          await tx
            .update(memberships)
            .set({ until: notBefore(i.date, openProbationary.since) })
            .where(eq(memberships.id, openProbationary.id));
        } else if (i.milestone === 'probationCancelled') {
          return;
        }
        if (i.milestone === 'full') {
          await tx.insert(memberships).values({ personId: i.personId, orgId: i.orgId, status: 'full', since: i.date });
        }
      });
    },
  };
}

/** The later of two YYYY-MM-DD dates (`until` of a membership is never before its `since`). */
function notBefore(date: string, since: string): string {
  return date < since ? since : date;
}
