import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { MembershipStatus, OrgType, Post } from '../../libs/contracts';
import { memberships, organizations, people, posts, RegistryRepository } from '../../libs/db';
import type { Database } from '../../libs/db';
import { businessError } from '../support/business-error';

export interface RegisterProposedOrganizationInput {
  orgId: string;
  name: string;
  type: string;
  parentId: string;
  departmentId: string;
  policyVersion: string;
}

export type ActivatedPost = Extract<Post, 'secretary' | 'deputySecretary' | 'committeeMember'>;

export interface ActivateOrganizationInput {
  orgId: string;
  termStart: string;
  termEnd: string;
  termYears: number;
  hasCommittee: boolean;
  posts: { personId: string; post: ActivatedPost }[];
  /** the roster of the request: their organizational relations move to the new organization from termStart */
  memberPersonIds?: string[];
}

export interface RosterEntry {
  personId: string;
  name: string;
  status: MembershipStatus;
}

export function createRegistryActivities(database: Database) {
  const db = database.db;
  const registry = new RegistryRepository(database);
  return {
    /** RULES §C.1 C3: the requested organization enters the registry as 'proposed'. Idempotent. */
    async registerProposedOrganization(i: RegisterProposedOrganizationInput): Promise<void> {
      await db
        .insert(organizations)
        .values({
          id: i.orgId,
          name: i.name,
          type: i.type as OrgType,
          parentId: i.parentId,
          departmentId: i.departmentId,
          status: 'proposed',
          policyVersion: i.policyVersion,
        })
        .onConflictDoNothing({ target: organizations.id });
      const [row] = await db.select().from(organizations).where(eq(organizations.id, i.orgId));
      if (!row || row.status !== 'proposed' || row.parentId !== i.parentId) {
        businessError(
          'ORG_ID_CONFLICT',
          `organization ${i.orgId} already exists (status ${row?.status ?? 'unknown'})`,
          {
            orgId: i.orgId,
          },
        );
      }
    },

    /**
     * RULES §C.1 C10: after the formal reply (批复) the organization is active and its term clock starts (RULES H-7).
     * Posts are replaced: current holders end at termStart, the elected ones start then. Rows a previous attempt
     * inserted (since = termStart) are removed first, so a retry leaves exactly one set.
     */
    async activateOrganization(i: ActivateOrganizationInput): Promise<void> {
      await db.transaction(async (tx) => {
        const [org] = await tx
          .select({ id: organizations.id })
          .from(organizations)
          .where(eq(organizations.id, i.orgId));
        if (!org) businessError('ORG_NOT_FOUND', `organization ${i.orgId} not found`, { orgId: i.orgId });
        const personIds = [...new Set(i.posts.map((p) => p.personId))];
        if (personIds.length > 0) {
          const known = await tx.select({ id: people.id }).from(people).where(inArray(people.id, personIds));
          const missing = personIds.filter((id) => !known.some((k) => k.id === id));
          if (missing.length > 0) {
            businessError('PERSON_NOT_FOUND', `unknown person(s): ${missing.join(', ')}`, { personIds: missing });
          }
        }
        await tx
          .update(organizations)
          .set({
            status: 'active',
            termStart: i.termStart,
            termEnd: i.termEnd,
            termYears: i.termYears,
            hasCommittee: i.hasCommittee,
            // the founding election starts term 1; the term clock takes the state over from here
            termNo: 1,
            termState: 'current',
            electionDue: null,
            electionCaseId: null,
            updatedAt: new Date().toISOString(),
          })
          .where(eq(organizations.id, i.orgId));
        await tx.delete(posts).where(and(eq(posts.orgId, i.orgId), eq(posts.since, i.termStart)));
        await tx
          .update(posts)
          .set({ until: i.termStart })
          .where(
            and(
              eq(posts.orgId, i.orgId),
              isNull(posts.until),
              inArray(posts.post, ['secretary', 'deputySecretary', 'committeeMember']),
            ),
          );
        if (i.posts.length > 0) {
          await tx
            .insert(posts)
            .values(i.posts.map((p) => ({ orgId: i.orgId, personId: p.personId, post: p.post, since: i.termStart })));
        }
        // 组织关系: each member's current membership closes and continues, same status, in the new organization. Only
        // members held by the superior organization (or by none that is active) move: a member who joined another
        // active organization since the request was checked (RULES §C.1 C1, checkRosterSource) stays there.
        const movers = [...new Set(i.memberPersonIds ?? [])];
        if (movers.length > 0) {
          const [self] = await tx
            .select({ parentId: organizations.parentId })
            .from(organizations)
            .where(eq(organizations.id, i.orgId));
          const current = await tx
            .select({
              id: memberships.id,
              personId: memberships.personId,
              orgId: memberships.orgId,
              status: memberships.status,
              orgStatus: organizations.status,
            })
            .from(memberships)
            .innerJoin(organizations, eq(organizations.id, memberships.orgId))
            .where(and(inArray(memberships.personId, movers), isNull(memberships.until)));
          const elsewhere = current.filter(
            (m) => m.orgId !== i.orgId && (m.orgId === self?.parentId || m.orgStatus !== 'active'),
          );
          const already = new Set(current.filter((m) => m.orgId === i.orgId).map((m) => m.personId));
          if (elsewhere.length > 0) {
            await tx
              .update(memberships)
              .set({ until: i.termStart })
              .where(
                inArray(
                  memberships.id,
                  elsewhere.map((m) => m.id),
                ),
              );
          }
          const fresh = elsewhere.filter((m) => !already.has(m.personId));
          if (fresh.length > 0) {
            await tx
              .insert(memberships)
              .values(
                fresh.map((m) => ({ personId: m.personId, orgId: i.orgId, status: m.status, since: i.termStart })),
              );
          }
        }
      });
    },

    /** A rejected or withdrawn establishment leaves no live registry entry; an active organization is never touched. */
    async dissolveProposedOrganization(i: { orgId: string }): Promise<void> {
      await db
        .update(organizations)
        .set({ status: 'dissolved', updatedAt: new Date().toISOString() })
        .where(and(eq(organizations.id, i.orgId), eq(organizations.status, 'proposed')));
    },

    /**
     * Membership status of each person on `asOfDate` (RULES §A.1, §D.3: only full members may vote). Persons with no
     * membership on that date are left out; the caller decides what that means. Input order is kept.
     */
    async loadElectionRoster(i: { personIds: string[]; asOfDate: string }): Promise<RosterEntry[]> {
      if (i.personIds.length === 0) return [];
      const roster = new Map((await registry.rosterAsOf(i.personIds, i.asOfDate)).map((m) => [m.personId, m]));
      return [...new Set(i.personIds)].flatMap((id) => {
        const m = roster.get(id);
        return m ? [{ personId: m.personId, name: m.name, status: m.status }] : [];
      });
    },
  };
}
