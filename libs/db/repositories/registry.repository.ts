import { and, asc, eq, gt, inArray, isNotNull, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Member, MembershipStatus, Organization, OrgStatus, OrgType, Post, TermState } from '../../contracts';
import { queryRows, type Database, type Db } from '../database';
import {
  departments,
  memberships,
  organizations,
  partyGroups,
  people,
  posts,
  type DepartmentRow,
  type OrganizationRow,
  type PartyGroupRow,
  type PersonRow,
} from '../schema';
import { DEFAULT_PAGE_SIZE, cursorValues, encodeCursor, pageSize, type PageRequest } from './page-cursor';

export type OrgRecord = Organization & { policyVersion: string | null };
export type OrgTreeNode = OrgRecord & { children: OrgTreeNode[] };

/** An organization with its term projection (RULES §B.2, §B.3, H-19); `electionDue` is null unless a shift was approved. */
export type OrgTermRecord = OrgRecord & {
  termNo: number;
  electionDue: string | null;
  termState: TermState | null;
  electionCaseId: string | null;
};

export interface TermStateFilter {
  /** any of these states; `null` in the list matches organizations whose clock has not reported yet */
  states?: (TermState | null)[];
  /** the organization and everything below it */
  subtreeRootId?: string;
  /** default 'active' */
  status?: OrgStatus;
  /** true: only organizations with an approved shifted election date (`electionDue` set); false: only without */
  shifted?: boolean;
}

/** A page of organizations by term state; `nextCursor` is null on the last page. */
export interface OrgTermPage {
  items: OrgTermRecord[];
  nextCursor: string | null;
}

/**
 * Rows one page of the term-state list reads at most when a caller's `keep` drops rows (organizations whose clock has
 * not reported, whose state is computed from the dates): the page then ends short, with a cursor after the last row
 * read, so the work per request stays bounded (issue 8 §6) however few rows match.
 */
export const TERM_STATES_SCAN_MAX = 1000;

export interface ProposedOrgInput {
  id: string;
  name: string;
  type: OrgType;
  parentId: string;
  departmentId: string | null;
  hasCommittee: boolean;
  policyVersion?: string | null;
}

export interface PostAssignment {
  personId: string;
  post: Post;
}

export interface PostRecord extends PostAssignment {
  orgId: string;
  name: string;
  since: string;
  until: string | null;
}

/**
 * 正式党员 for the 3/7 thresholds (RULES §B.1) includes full members whose rights are suspended or who are under
 * 留党察看: the sanction does not change the category. `withoutVotingRights` counts them (RULES §A.1) so election
 * code can subtract them. `total` (党员, for 50/100, RULES §H.1 proposal) adds probationary members.
 */
export interface MemberCounts {
  full: number;
  probationary: number;
  total: number;
  withoutVotingRights: number;
}

function toOrg(r: OrganizationRow): OrgRecord {
  return {
    id: r.id,
    name: r.name,
    type: r.type,
    parentId: r.parentId,
    departmentId: r.departmentId,
    status: r.status,
    hasCommittee: r.hasCommittee,
    termStart: r.termStart,
    termEnd: r.termEnd,
    termYears: r.termYears,
    policyVersion: r.policyVersion,
  };
}

/** The date an organization's election is due: the approved shifted date, else the end of its term. */
const termDue = sql<string | null>`coalesce(${organizations.electionDue}, ${organizations.termEnd})`;

function termDueOrder() {
  return [sql`${termDue} asc nulls last`, asc(organizations.id)];
}

function termCursorValues(org: OrgTermRecord): (string | null)[] {
  return [org.electionDue ?? org.termEnd, org.id];
}

/** Organizations after a cursor (due, id) in the order `due asc nulls last, id asc`. */
function afterTermDue([due, id]: (string | number | null)[]): SQL {
  const tail = gt(organizations.id, String(id));
  if (due === null) return and(sql`${termDue} is null`, tail)!;
  return or(sql`${termDue} > ${due}::date`, sql`${termDue} is null`, and(sql`${termDue} = ${due}::date`, tail))!;
}

function toOrgTerm(r: OrganizationRow): OrgTermRecord {
  return {
    ...toOrg(r),
    termNo: r.termNo,
    electionDue: r.electionDue,
    termState: r.termState,
    electionCaseId: r.electionCaseId,
  };
}

/** Membership valid on a date: since ≤ date < until (until is the first day no longer held). */
const validOn = (isoDate: string) =>
  and(lte(memberships.since, isoDate), or(isNull(memberships.until), gt(memberships.until, isoDate)));

/** Organization registry (组织台账): orgs, departments, party groups, people, memberships, posts. */
export class RegistryRepository {
  private readonly db: Db;
  constructor(database: Database) {
    this.db = database.db;
  }

  async getOrg(orgId: string): Promise<OrgRecord | null> {
    const [row] = await this.db.select().from(organizations).where(eq(organizations.id, orgId));
    return row ? toOrg(row) : null;
  }

  async listOrgs(filter: { status?: OrgStatus; ids?: string[] } = {}): Promise<OrgRecord[]> {
    const conds = [];
    if (filter.status) conds.push(eq(organizations.status, filter.status));
    if (filter.ids) conds.push(inArray(organizations.id, filter.ids.length ? filter.ids : ['']));
    const rows = await this.db
      .select()
      .from(organizations)
      .where(conds.length ? and(...conds) : undefined)
      .orderBy(asc(organizations.id));
    return rows.map(toOrg);
  }

  /** The organization with its term number, approved election date and term-clock state. */
  async getOrgTerm(orgId: string): Promise<OrgTermRecord | null> {
    const [row] = await this.db.select().from(organizations).where(eq(organizations.id, orgId));
    return row ? toOrgTerm(row) : null;
  }

  /**
   * Organizations by term state for the administrators' lists (current, due within 6 months, overdue, shifted —
   * RULES §D.1, H-19), ordered by the date the election is due (approved shift, else term end), then id.
   */
  async listByTermState(filter: TermStateFilter = {}): Promise<OrgTermRecord[]> {
    const rows = await this.db
      .select()
      .from(organizations)
      .where(await this.termStateWhere(filter))
      .orderBy(...termDueOrder());
    return rows.map(toOrgTerm);
  }

  /**
   * One page of organizations by term state, ordered by the date the election is due (`electionDue ?? termEnd`, none
   * last), then id, by keyset. `keep` drops rows the caller filters itself (a state computed from the dates); then the
   * page may end short of `limit` with a `nextCursor` after the last row read (at most TERM_STATES_SCAN_MAX rows).
   */
  async pageByTermState(
    filter: TermStateFilter,
    page: PageRequest = {},
    keep: (org: OrgTermRecord) => boolean = () => true,
  ): Promise<OrgTermPage> {
    const limit = pageSize(page.limit, DEFAULT_PAGE_SIZE);
    const where = await this.termStateWhere(filter);
    let after = page.cursor ? cursorValues('termStates', page.cursor) : undefined;
    const kept: OrgTermRecord[] = [];
    let scanned = 0;
    for (;;) {
      const rows = await this.db
        .select()
        .from(organizations)
        .where(and(where, after ? afterTermDue(after) : undefined))
        .orderBy(...termDueOrder())
        .limit(limit + 1);
      for (const row of rows) {
        const org = toOrgTerm(row);
        scanned++;
        after = termCursorValues(org);
        if (!keep(org)) continue;
        kept.push(org);
        // one more than a page: there is a next page, after the last row shown
        if (kept.length > limit) {
          return {
            items: kept.slice(0, limit),
            nextCursor: encodeCursor('termStates', termCursorValues(kept[limit - 1]!)),
          };
        }
      }
      if (rows.length <= limit) return { items: kept, nextCursor: null };
      if (scanned >= TERM_STATES_SCAN_MAX) return { items: kept, nextCursor: encodeCursor('termStates', after!) };
    }
  }

  private async termStateWhere(filter: TermStateFilter): Promise<SQL | undefined> {
    const conds = [eq(organizations.status, filter.status ?? 'active')];
    if (filter.states) {
      const named = filter.states.filter((s): s is TermState => s !== null);
      const parts = [];
      if (named.length) parts.push(inArray(organizations.termState, named));
      if (filter.states.includes(null)) parts.push(isNull(organizations.termState));
      conds.push(parts.length ? or(...parts)! : sql`false`);
    }
    if (filter.shifted !== undefined) {
      conds.push(filter.shifted ? isNotNull(organizations.electionDue) : isNull(organizations.electionDue));
    }
    if (filter.subtreeRootId !== undefined) {
      const ids = [filter.subtreeRootId, ...(await this.descendantsOf(filter.subtreeRootId))];
      conds.push(inArray(organizations.id, ids));
    }
    return and(...conds);
  }

  /** Nested tree; with rootId only that subtree (one node), otherwise every root. Dissolved orgs are included. */
  async getTree(rootId?: string): Promise<OrgTreeNode[]> {
    const all = await this.listOrgs();
    const nodes = new Map<string, OrgTreeNode>(all.map((o) => [o.id, { ...o, children: [] }]));
    const roots: OrgTreeNode[] = [];
    for (const node of nodes.values()) {
      const parent = node.parentId ? nodes.get(node.parentId) : undefined;
      if (parent) parent.children.push(node);
      else roots.push(node);
    }
    if (rootId === undefined) return roots;
    const root = nodes.get(rootId);
    return root ? [root] : [];
  }

  /** Ancestor ids of an org, nearest first, root last (the org itself excluded). */
  async ancestorsOf(orgId: string): Promise<string[]> {
    const rows = await queryRows<{ id: string; depth: number }>(
      this.db,
      sql`
      WITH RECURSIVE up(id, parent_id, depth) AS (
        SELECT id, parent_id, 0 FROM organizations WHERE id = ${orgId}
        UNION ALL
        SELECT o.id, o.parent_id, up.depth + 1 FROM organizations o JOIN up ON o.id = up.parent_id WHERE up.depth < 64
      )
      SELECT id, depth FROM up WHERE depth > 0 ORDER BY depth`,
    );
    return rows.map((r) => r.id);
  }

  /** The org and its ancestors, root last — the `orgPath` of cases and tasks. */
  async orgPathOf(orgId: string): Promise<string[]> {
    return [orgId, ...(await this.ancestorsOf(orgId))];
  }

  /** Every org below orgId (the org itself excluded), breadth-first. */
  async descendantsOf(orgId: string): Promise<string[]> {
    const rows = await queryRows<{ id: string; depth: number }>(
      this.db,
      sql`
      WITH RECURSIVE down(id, depth) AS (
        SELECT id, 0 FROM organizations WHERE id = ${orgId}
        UNION ALL
        SELECT o.id, down.depth + 1 FROM organizations o JOIN down ON o.parent_id = down.id WHERE down.depth < 64
      )
      SELECT id, depth FROM down WHERE depth > 0 ORDER BY depth, id`,
    );
    return rows.map((r) => r.id);
  }

  /** Records a 拟成立 organization at submission (RULES §C.1 C3). Re-running with the same id changes nothing. */
  async insertProposedOrg(input: ProposedOrgInput): Promise<OrgRecord> {
    await this.db
      .insert(organizations)
      .values({
        id: input.id,
        name: input.name,
        type: input.type,
        parentId: input.parentId,
        departmentId: input.departmentId,
        hasCommittee: input.hasCommittee,
        policyVersion: input.policyVersion ?? null,
        status: 'proposed',
      })
      .onConflictDoNothing({ target: organizations.id });
    const org = await this.getOrg(input.id);
    if (!org) throw new Error(`organization ${input.id} vanished after insert`);
    return org;
  }

  /**
   * RULES §C.1 C10: after the formal reply the org becomes active and its term clock starts; elected posts start on
   * termStart and earlier open posts of the org end there. Idempotent for a retried activity.
   */
  async activateOrg(
    orgId: string,
    termStart: string,
    termEnd: string,
    termYears: number,
    assignments: PostAssignment[],
  ): Promise<OrgRecord> {
    await this.db.transaction(async (tx) => {
      const updated = await tx
        .update(organizations)
        .set({ status: 'active', termStart, termEnd, termYears, updatedAt: sql`now()` })
        .where(eq(organizations.id, orgId))
        .returning({ id: organizations.id });
      if (updated.length === 0) throw new Error(`organization ${orgId} not found`);
      const existing = await tx
        .select()
        .from(posts)
        .where(and(eq(posts.orgId, orgId), isNull(posts.until)));
      const same = (p: { personId: string; post: Post; since: string }) =>
        assignments.some((a) => a.personId === p.personId && a.post === p.post) && p.since === termStart;
      const stale = existing.filter((p) => !same(p));
      if (stale.length)
        await tx
          .update(posts)
          .set({ until: termStart })
          .where(
            inArray(
              posts.id,
              stale.map((p) => p.id),
            ),
          );
      const fresh = assignments.filter(
        (a) => !existing.some((p) => same(p) && p.personId === a.personId && p.post === a.post),
      );
      if (fresh.length) await tx.insert(posts).values(fresh.map((a) => ({ orgId, ...a, since: termStart })));
    });
    return (await this.getOrg(orgId))!;
  }

  async setOrgStatus(orgId: string, status: OrgStatus): Promise<boolean> {
    const rows = await this.db
      .update(organizations)
      .set({ status, updatedAt: sql`now()` })
      .where(eq(organizations.id, orgId))
      .returning({ id: organizations.id });
    return rows.length > 0;
  }

  /**
   * Members valid on isoDate: of an org (string argument), or of the given people wherever their membership is held
   * (array argument; people without a valid membership are left out, so callers can detect non-members).
   */
  async rosterAsOf(orgIdOrPersonIds: string | string[], isoDate: string): Promise<Member[]> {
    const scope =
      typeof orgIdOrPersonIds === 'string'
        ? eq(memberships.orgId, orgIdOrPersonIds)
        : inArray(memberships.personId, orgIdOrPersonIds.length ? orgIdOrPersonIds : ['']);
    const rows = await this.db
      .select({
        personId: memberships.personId,
        name: people.name,
        status: memberships.status,
        since: memberships.since,
      })
      .from(memberships)
      .innerJoin(people, eq(people.id, memberships.personId))
      .where(and(scope, validOn(isoDate)))
      .orderBy(asc(memberships.personId), asc(memberships.since));
    // one row per person: a data-entry overlap keeps the latest period
    const byPerson = new Map<string, Member>();
    for (const r of rows) byPerson.set(r.personId, r);
    return [...byPerson.values()];
  }

  /** The organization each of the given people is a member of on isoDate, with its name and status. */
  async membershipsOf(
    personIds: string[],
    isoDate: string,
  ): Promise<{ personId: string; name: string; orgId: string; orgName: string; orgStatus: OrgStatus }[]> {
    if (personIds.length === 0) return [];
    return this.db
      .select({
        personId: memberships.personId,
        name: people.name,
        orgId: memberships.orgId,
        orgName: organizations.name,
        orgStatus: organizations.status,
      })
      .from(memberships)
      .innerJoin(people, eq(people.id, memberships.personId))
      .innerJoin(organizations, eq(organizations.id, memberships.orgId))
      .where(and(inArray(memberships.personId, personIds), validOn(isoDate)))
      .orderBy(asc(memberships.personId));
  }

  /** Counts for RULES §B.1 thresholds over the given people on isoDate. */
  async countMembers(personIds: string[], isoDate: string): Promise<MemberCounts> {
    const roster = await this.rosterAsOf(personIds, isoDate);
    return countRoster(roster.map((m) => m.status));
  }

  async getDepartment(departmentId: string): Promise<DepartmentRow | null> {
    const [row] = await this.db.select().from(departments).where(eq(departments.id, departmentId));
    return row ?? null;
  }

  async listDepartments(): Promise<DepartmentRow[]> {
    return this.db.select().from(departments).orderBy(asc(departments.id));
  }

  async getPartyGroup(partyGroupId: string): Promise<PartyGroupRow | null> {
    const [row] = await this.db.select().from(partyGroups).where(eq(partyGroups.id, partyGroupId));
    return row ?? null;
  }

  async partyGroupOfDepartment(departmentId: string): Promise<PartyGroupRow | null> {
    const [row] = await this.db.select().from(partyGroups).where(eq(partyGroups.departmentId, departmentId));
    return row ?? null;
  }

  /** The organs work committee (机关工委): the root organization. */
  async workCommitteeRoot(): Promise<OrgRecord | null> {
    const [row] = await this.db
      .select()
      .from(organizations)
      .where(and(eq(organizations.type, 'organsWorkCommittee'), isNull(organizations.parentId)))
      .orderBy(asc(organizations.id))
      .limit(1);
    return row ? toOrg(row) : null;
  }

  /**
   * The body above a deciding body (for escalation, 催办上报): an org → its parent org; the root → null; a party group
   * → the organs work committee, which approves what the party group decides (RULES §A.2, §A.3). An organ committee
   * is not above its department's party group, so it is never the target.
   */
  async parentBodyOf(bodyId: string): Promise<string | null> {
    const org = await this.getOrg(bodyId);
    if (org) return org.parentId;
    const group = await this.getPartyGroup(bodyId);
    if (!group) return null;
    return (await this.workCommitteeRoot())?.id ?? null;
  }

  async listPeople(): Promise<PersonRow[]> {
    return this.db.select().from(people).orderBy(asc(people.id));
  }

  async getPerson(personId: string): Promise<PersonRow | null> {
    const [row] = await this.db.select().from(people).where(eq(people.id, personId));
    return row ?? null;
  }

  /** Posts held in an org on isoDate (default: currently open posts). */
  async postsOf(orgId: string, isoDate?: string): Promise<PostRecord[]> {
    const when = isoDate
      ? and(lte(posts.since, isoDate), or(isNull(posts.until), gt(posts.until, isoDate)))
      : isNull(posts.until);
    return this.db
      .select({
        orgId: posts.orgId,
        personId: posts.personId,
        name: people.name,
        post: posts.post,
        since: posts.since,
        until: posts.until,
      })
      .from(posts)
      .innerJoin(people, eq(people.id, posts.personId))
      .where(and(eq(posts.orgId, orgId), when))
      .orderBy(asc(posts.id));
  }
}

export function countRoster(statuses: MembershipStatus[]): MemberCounts {
  let full = 0;
  let probationary = 0;
  let withoutVotingRights = 0;
  for (const s of statuses) {
    if (s === 'probationary') probationary += 1;
    else {
      full += 1;
      if (s !== 'full') withoutVotingRights += 1;
    }
  }
  return { full, probationary, total: full + probationary, withoutVotingRights };
}
