import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { and, asc, eq, inArray, isNull, lte } from 'drizzle-orm';
import { TASK_QUEUE, type MembershipStatus, type TermClockInput, type TermState } from '../../libs/contracts';
import { organizations, people, posts, RegistryRepository, roleGrants, type Database, type Db } from '../../libs/db';
import { activityLog } from '../support/activity-log';
import { businessError } from '../support/business-error';
import { startTermClockWorkflow } from './term-clock.starter';

/** Elected posts of a committee (委员会): what a new term replaces and a by-election fills (RULES §D.6, §D.8). */
export type ElectedPost = 'secretary' | 'deputySecretary' | 'committeeMember';
const ELECTED_POSTS: ElectedPost[] = ['secretary', 'deputySecretary', 'committeeMember'];

export interface OrgRosterEntry {
  personId: string;
  name: string;
  status: MembershipStatus;
}

export interface RecordTermStateInput {
  orgId: string;
  termNo: number;
  electionDue: string;
  state: TermState;
  electionCaseId: string | null;
  at: string;
}

export interface StartNewTermInput {
  orgId: string;
  /** 届次 of the term that starts on termStart; a number not above the registry's current term means "the next one" */
  termNo: number;
  termStart: string;
  termEnd: string;
  termYears: number;
  hasCommittee: boolean;
  posts: { personId: string; post: ElectedPost }[];
}

export interface EndPostsInput {
  orgId: string;
  vacancies: { personId: string; post: string; occurredOn: string; reason: string }[];
}

export interface FillPostsInput {
  orgId: string;
  since: string;
  posts: { personId: string; post: ElectedPost }[];
}

export interface UsersForBodiesInput {
  bodyIds: string[];
  role: 'approver' | 'admin' | 'submitter';
}

export interface TermActivityDeps {
  database: Database;
  /** needed by startTermClock only */
  temporalClient?: Client;
  /** default TASK_QUEUE */
  taskQueue?: string;
}

async function requirePeople(db: Db, personIds: string[]): Promise<void> {
  const ids = [...new Set(personIds)];
  if (ids.length === 0) return;
  const known = await db.select({ id: people.id }).from(people).where(inArray(people.id, ids));
  const missing = ids.filter((id) => !known.some((k) => k.id === id));
  if (missing.length > 0) {
    businessError('PERSON_NOT_FOUND', `unknown person(s): ${missing.join(', ')}`, { personIds: missing });
  }
}

export function createTermActivities(deps: TermActivityDeps) {
  const { database } = deps;
  const db = database.db;
  const registry = new RegistryRepository(database);

  return {
    /**
     * The organization's members on asOfDate with their status (RULES §A.1): candidates must be full members with
     * rights intact (RULES §D.2), voters are the full members (RULES §D.3). Ordered by person id.
     */
    async loadOrgRoster(i: { orgId: string; asOfDate: string }): Promise<OrgRosterEntry[]> {
      const roster = await registry.rosterAsOf(i.orgId, i.asOfDate);
      return roster.map((m) => ({ personId: m.personId, name: m.name, status: m.status }));
    },

    /** Committee posts held on `asOfDate` (secretary, deputy, members): the sitting committee of a by-election. */
    async loadCommitteePosts(i: { orgId: string; asOfDate: string }): Promise<{ personId: string; post: string }[]> {
      const held = await registry.postsOf(i.orgId, i.asOfDate);
      return held
        .filter((p) => p.post === 'secretary' || p.post === 'deputySecretary' || p.post === 'committeeMember')
        .map((p) => ({ personId: p.personId, post: p.post }));
    },

    /**
     * Projects the term clock's state to the registry (RULES §D.1, H-19: the "overdue elections" list). A report
     * for another term than the registry's current one is stale and ignored. `electionDue` is stored only when it
     * differs from the term end, i.e. when a shift was approved (RULES §B.3).
     */
    async recordTermState(i: RecordTermStateInput): Promise<void> {
      const [org] = await db.select().from(organizations).where(eq(organizations.id, i.orgId));
      if (!org) businessError('ORG_NOT_FOUND', `organization ${i.orgId} not found`, { orgId: i.orgId });
      if (org.termNo !== i.termNo) {
        activityLog('warn', 'stale term state ignored', { orgId: i.orgId, termNo: i.termNo, current: org.termNo });
        return;
      }
      await db
        .update(organizations)
        .set({
          termState: i.state,
          electionCaseId: i.electionCaseId,
          electionDue: i.electionDue === org.termEnd ? null : i.electionDue,
          updatedAt: i.at,
        })
        .where(and(eq(organizations.id, i.orgId), eq(organizations.termNo, i.termNo)));
    },

    /**
     * RULES §D.7, H-7: on the upper organization's approval the new committee takes office. The current holders of
     * elected posts end at termStart, the elected ones start then, the old term closes and the new term's dates,
     * number and state 'current' are recorded. Rows a previous attempt inserted (since = termStart) are replaced, so
     * a retry leaves exactly one set.
     */
    async startNewTerm(i: StartNewTermInput): Promise<void> {
      await db.transaction(async (tx) => {
        const [org] = await tx.select().from(organizations).where(eq(organizations.id, i.orgId));
        if (!org) businessError('ORG_NOT_FOUND', `organization ${i.orgId} not found`, { orgId: i.orgId });
        await requirePeople(
          tx as unknown as Db,
          i.posts.map((p) => p.personId),
        );
        const retry = org.termStart === i.termStart && org.termNo >= i.termNo;
        const termNo = retry ? org.termNo : Math.max(i.termNo, org.termNo + 1);
        await tx
          .update(organizations)
          .set({
            termNo,
            termStart: i.termStart,
            termEnd: i.termEnd,
            termYears: i.termYears,
            hasCommittee: i.hasCommittee,
            electionDue: null,
            termState: 'current',
            electionCaseId: null,
            updatedAt: new Date().toISOString(),
          })
          .where(eq(organizations.id, i.orgId));
        await tx
          .delete(posts)
          .where(and(eq(posts.orgId, i.orgId), eq(posts.since, i.termStart), inArray(posts.post, ELECTED_POSTS)));
        await tx
          .update(posts)
          .set({ until: i.termStart })
          .where(and(eq(posts.orgId, i.orgId), isNull(posts.until), inArray(posts.post, ELECTED_POSTS)));
        if (i.posts.length > 0) {
          await tx
            .insert(posts)
            .values(i.posts.map((p) => ({ orgId: i.orgId, personId: p.personId, post: p.post, since: i.termStart })));
        }
      });
    },

    /**
     * RULES §B.4, §D.8: a vacancy ends the post on the day it occurred. Idempotent: a post already closed is left
     * alone; a vacancy for a post the person does not hold is logged and skipped.
     */
    async endPosts(i: EndPostsInput): Promise<void> {
      await db.transaction(async (tx) => {
        for (const v of i.vacancies) {
          const closed = await tx
            .update(posts)
            .set({ until: v.occurredOn })
            .where(
              and(
                eq(posts.orgId, i.orgId),
                eq(posts.personId, v.personId),
                eq(posts.post, v.post as ElectedPost),
                isNull(posts.until),
                lte(posts.since, v.occurredOn),
              ),
            )
            .returning({ id: posts.id });
          if (closed.length === 0) {
            activityLog('warn', 'vacancy without an open post', { orgId: i.orgId, ...v });
          }
        }
      });
    },

    /**
     * RULES §B.4, §D.8: members elected in a by-election hold their posts from the reply date until the current term
     * ends (startNewTerm closes them). Idempotent: a person already holding that post open is not added again.
     */
    async fillPosts(i: FillPostsInput): Promise<void> {
      await db.transaction(async (tx) => {
        const [org] = await tx
          .select({ id: organizations.id })
          .from(organizations)
          .where(eq(organizations.id, i.orgId));
        if (!org) businessError('ORG_NOT_FOUND', `organization ${i.orgId} not found`, { orgId: i.orgId });
        await requirePeople(
          tx as unknown as Db,
          i.posts.map((p) => p.personId),
        );
        const open = await tx
          .select({ personId: posts.personId, post: posts.post })
          .from(posts)
          .where(and(eq(posts.orgId, i.orgId), isNull(posts.until)));
        const fresh = i.posts.filter((p) => !open.some((o) => o.personId === p.personId && o.post === p.post));
        // One elected post per person: a member who becomes secretary or deputy leaves the post held before.
        const superseded = open.filter(
          (o) =>
            (ELECTED_POSTS as string[]).includes(o.post) &&
            fresh.some((p) => p.personId === o.personId && p.post !== o.post),
        );
        for (const o of superseded) {
          await tx
            .update(posts)
            .set({ until: i.since })
            .where(
              and(
                eq(posts.orgId, i.orgId),
                eq(posts.personId, o.personId),
                eq(posts.post, o.post),
                isNull(posts.until),
              ),
            );
        }
        if (fresh.length > 0) {
          await tx
            .insert(posts)
            .values(fresh.map((p) => ({ orgId: i.orgId, personId: p.personId, post: p.post, since: i.since })));
        }
      });
    },

    /**
     * User ids holding `role` at any of the bodies (org ids or party group ids), deduplicated and sorted. An admin
     * grant covers its whole subtree, so for 'admin' the administrators of every ancestor organization are included.
     */
    async usersForBodies(i: UsersForBodiesInput): Promise<string[]> {
      const at = new Set(i.bodyIds);
      if (i.role === 'admin') {
        for (const id of i.bodyIds) for (const up of await registry.ancestorsOf(id)) at.add(up);
      }
      if (at.size === 0) return [];
      const rows = await db
        .selectDistinct({ userId: roleGrants.userId })
        .from(roleGrants)
        .where(and(eq(roleGrants.role, i.role), inArray(roleGrants.at, [...at])))
        .orderBy(asc(roleGrants.userId));
      return rows.map((r) => r.userId);
    },

    /** Starts `termClock:<orgId>` for a new term's organization; a clock already running counts as success. */
    async startTermClock(i: TermClockInput): Promise<void> {
      if (!deps.temporalClient) {
        throw ApplicationFailure.nonRetryable('startTermClock needs a Temporal client in ActivityDeps', 'NO_CLIENT');
      }
      const started = await startTermClockWorkflow(deps.temporalClient, i, deps.taskQueue ?? TASK_QUEUE);
      activityLog('info', started ? 'term clock started' : 'term clock already running', { orgId: i.orgId });
    },
  };
}
