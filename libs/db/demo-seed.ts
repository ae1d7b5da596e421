import { and, eq, inArray } from 'drizzle-orm';
import type { MembershipStatus, OrgStatus, OrgType, Post, RoleGrant } from '../contracts';
import { CURRENT_POLICY_VERSION, addToDate, getPolicy, localToday, periodEnd } from '../domain';
import type { Database } from './database';
import { IdentityRepository } from './repositories/identity.repository';
import { departments, memberships, organizations, partyGroups, people, posts } from './schema';

/** Stable ids of the demo data; tests and the API's dev mode refer to these. */
export const DEMO_IDS = {
  departments: { finance: 'dept-finance', edu: 'dept-edu' },
  partyGroups: { finance: 'pg-finance', edu: 'pg-edu' },
  orgs: {
    workCommittee: 'org-wc',
    financeOrganCommittee: 'org-fin-oc',
    financeGeneralBranch: 'org-fin-gb',
    budgetBranch: 'org-fin-budget-br',
    treasuryBranch: 'org-fin-treasury-br',
    officeBranch: 'org-fin-office-br',
    eduOrganCommittee: 'org-edu-oc',
    /** term ends 4 months after the seed date: its term election case opens as soon as its clock runs (RULES §D.1) */
    eduPolicyBranch: 'org-edu-policy-br',
    /** term ended 2 months before the seed date with no election: overdue (RULES H-19) */
    eduHrBranch: 'org-edu-hr-br',
  },
  /** an id a test may give the planned new branch (基础教育处党支部); u-clerk submits it as submitter at org-edu-oc */
  plannedBranchOrgId: 'org-edu-basic-br',
  users: {
    admin: 'u-admin',
    workCommitteeApprover: 'u-wc-approver',
    financePartyGroupApprover: 'u-pg-fin',
    eduPartyGroupApprover: 'u-pg-edu',
    financeOrganCommitteeApprover: 'u-oc-approver',
    eduOrganCommitteeApprover: 'u-edu-oc-approver',
    eduSubmitter: 'u-submitter-edu',
    clerk: 'u-clerk',
    /** approver for the budget branch's committee (支委会): decides the branch steps of member development */
    budgetBranchApprover: 'u-br-budget-approver',
  },
  /** applicants for member development (RULES §E), none of them a member */
  applicants: {
    /** 2000-born non-member (the original demo applicant) */
    first: 'p-applicant-01',
    /** 1996-born non-member working in the budget office: a demo case at 预算处党支部 can be walked with her */
    budget: 'p-applicant-02',
    /** born 2010-09-01: under 18 until 2028-09-01 (RULES §E step 1 refuses the application) */
    minor: 'p-applicant-minor',
    /** probation cancelled at 国库处党支部 in 2024: the registry places him there (wrong organization → redirect) */
    returning: 'p-applicant-returning',
  },
  /** each active organization below the organs work committee: its secretary as a submitter user */
  secretaries: {
    financeOrganCommittee: 'u-sec-fin-oc',
    financeGeneralBranch: 'u-sec-fin-gb',
    budgetBranch: 'u-sec-fin-budget',
    treasuryBranch: 'u-sec-fin-treasury',
    officeBranch: 'u-sec-fin-office',
    eduOrganCommittee: 'u-sec-edu-oc',
    eduPolicyBranch: 'u-sec-edu-policy',
    eduHrBranch: 'u-sec-edu-hr',
  },
} as const;

/**
 * A seeded term: it ends where every new term ends, on the period function of the current policy (RULES H-13: the
 * same calendar day N years on by default, clamped to the month end) — one convention for seeded and new terms.
 */
function seededTerm(termStart: string, termYears: number): { termStart: string; termEnd: string; termYears: number } {
  return { termStart, termEnd: periodEnd(termStart, { years: termYears }, getPolicy()), termYears };
}

/** Term dates of the two organizations placed relative to the seed date (UTC day); see DEMO_IDS.orgs. */
export function demoRelativeTerms(
  seedDate: string,
): Record<'eduPolicyBranch' | 'eduHrBranch', { termStart: string; termEnd: string }> {
  const threeYearTermEnding = (end: string) => {
    const { termStart, termEnd } = seededTerm(addToDate(end, { years: -3 }), 3);
    return { termStart, termEnd };
  };
  return {
    eduPolicyBranch: threeYearTermEnding(addToDate(seedDate, { months: 4 })),
    eduHrBranch: threeYearTermEnding(addToDate(seedDate, { months: -2 })),
  };
}

/** 教育厅基础教育处: party members without a branch of their own yet (held by 教育厅机关党委) — the roster to establish from. */
export const DEMO_NEW_BRANCH_ROSTER: readonly string[] = Array.from(
  { length: 12 },
  (_, i) => `p-edu-${String(i + 1).padStart(2, '0')}`,
);
export const DEMO_NEW_BRANCH_UNIT = '基础教育处';

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋';
const GIVEN = ['建国', '丽华', '志强', '秀英', '海涛', '晓东', '文静', '国平', '红梅', '卫东', '雪梅', '明辉', '春燕'];

function chineseName(i: number): string {
  return SURNAMES[i % SURNAMES.length] + GIVEN[(i * 7) % GIVEN.length];
}

interface OrgSeed {
  id: string;
  name: string;
  type: OrgType;
  parentId: string | null;
  departmentId: string | null;
  hasCommittee: boolean;
  status: OrgStatus;
  termStart: string;
  termEnd: string;
  termYears: number;
}

const O = DEMO_IDS.orgs;
const FIXED_ORGS: OrgSeed[] = [
  // RULES §B.2: organ committee 5 years, general branch and branch 3 years
  {
    id: O.workCommittee,
    name: '中共省直机关工作委员会',
    type: 'organsWorkCommittee',
    parentId: null,
    departmentId: null,
    hasCommittee: true,
    status: 'active',
    ...seededTerm('2022-05-01', 5),
  },
  {
    id: O.financeOrganCommittee,
    name: '中共财政厅机关委员会',
    type: 'organCommittee',
    parentId: O.workCommittee,
    departmentId: 'dept-finance',
    hasCommittee: true,
    status: 'active',
    ...seededTerm('2022-12-01', 5),
  },
  {
    id: O.financeGeneralBranch,
    name: '中共财政厅预算国库总支部委员会',
    type: 'generalBranch',
    parentId: O.financeOrganCommittee,
    departmentId: 'dept-finance',
    hasCommittee: true,
    status: 'active',
    ...seededTerm('2024-06-01', 3),
  },
  {
    id: O.budgetBranch,
    name: '中共财政厅预算处支部委员会',
    type: 'branch',
    parentId: O.financeGeneralBranch,
    departmentId: 'dept-finance',
    hasCommittee: true,
    status: 'active',
    ...seededTerm('2024-01-15', 3),
  },
  {
    id: O.treasuryBranch,
    name: '中共财政厅国库处支部委员会',
    type: 'branch',
    parentId: O.financeGeneralBranch,
    departmentId: 'dept-finance',
    hasCommittee: true,
    status: 'active',
    ...seededTerm('2025-03-01', 3),
  },
  {
    id: O.officeBranch,
    name: '中共财政厅办公室支部',
    type: 'branch',
    parentId: O.financeOrganCommittee,
    departmentId: 'dept-finance',
    hasCommittee: false,
    status: 'active',
    ...seededTerm('2024-09-01', 3),
  },
  {
    id: O.eduOrganCommittee,
    name: '中共教育厅机关委员会',
    type: 'organCommittee',
    parentId: O.workCommittee,
    departmentId: 'dept-edu',
    hasCommittee: true,
    status: 'active',
    ...seededTerm('2023-09-01', 5),
  },
];

function buildOrgs(seedDate: string): OrgSeed[] {
  const rel = demoRelativeTerms(seedDate);
  return [
    ...FIXED_ORGS,
    {
      id: O.eduPolicyBranch,
      name: '中共教育厅政策法规处支部委员会',
      type: 'branch',
      parentId: O.eduOrganCommittee,
      departmentId: 'dept-edu',
      hasCommittee: true,
      status: 'active',
      ...rel.eduPolicyBranch,
      termYears: 3,
    },
    {
      id: O.eduHrBranch,
      name: '中共教育厅人事处支部委员会',
      type: 'branch',
      parentId: O.eduOrganCommittee,
      departmentId: 'dept-edu',
      hasCommittee: true,
      status: 'active',
      ...rel.eduHrBranch,
      termYears: 3,
    },
  ];
}

interface MembershipSeed {
  personId: string;
  orgId: string;
  status: MembershipStatus;
  since: string;
  until: string | null;
}

/** People and their membership history; a few transfers and conversions so "as of" queries have something to show. */
function buildPeople(): {
  persons: { id: string; name: string; birthDate: string; email: string; unitOrgId?: string }[];
  rows: MembershipSeed[];
} {
  const persons: { id: string; name: string; birthDate: string; email: string; unitOrgId?: string }[] = [];
  const rows: MembershipSeed[] = [];
  const add = (id: string, idx: number, orgId: string, status: MembershipStatus, since = '2015-07-01') => {
    persons.push({
      id,
      name: chineseName(idx),
      birthDate: `${1965 + (idx % 30)}-${String((idx % 12) + 1).padStart(2, '0')}-15`,
      email: `${id}@example.gov.cn`,
    });
    rows.push({ personId: id, orgId, status, since, until: null });
  };
  let idx = 0;
  // 预算处党支部: 10 (8 full, 1 probationary, 1 under 留党察看)
  for (let i = 1; i <= 10; i++) {
    const id = `p-fin-b${String(i).padStart(2, '0')}`;
    const status: MembershipStatus = i === 9 ? 'probationary' : i === 10 ? 'partyProbation' : 'full';
    add(id, idx++, O.budgetBranch, status, i === 9 ? '2026-05-01' : '2015-07-01');
  }
  // 国库处党支部: 8 (7 full, 1 rights suspended)
  for (let i = 1; i <= 8; i++)
    add(`p-fin-t${String(i).padStart(2, '0')}`, idx++, O.treasuryBranch, i === 8 ? 'rightsSuspended' : 'full');
  // 办公室党支部: 6 (5 full, 1 probationary)
  for (let i = 1; i <= 6; i++) {
    const id = `p-fin-o${String(i).padStart(2, '0')}`;
    add(id, idx++, O.officeBranch, i === 6 ? 'probationary' : 'full', i === 6 ? '2026-03-01' : '2016-07-01');
  }
  // 教育厅机关党委 direct members + the 基础教育处 pool (10 full, 2 probationary)
  for (let i = 1; i <= 4; i++) add(`p-edu-oc${i}`, idx++, O.eduOrganCommittee, 'full');
  DEMO_NEW_BRANCH_ROSTER.forEach((id, i) =>
    add(id, idx++, O.eduOrganCommittee, i >= 10 ? 'probationary' : 'full', i >= 10 ? '2026-06-01' : '2012-07-01'),
  );
  // 政策法规处党支部: 9 (8 full, 1 probationary); 人事处党支部: 7 full
  for (let i = 1; i <= 9; i++) {
    const id = `p-edu-pol${String(i).padStart(2, '0')}`;
    add(id, idx++, O.eduPolicyBranch, i === 9 ? 'probationary' : 'full', i === 9 ? '2025-12-01' : '2014-07-01');
  }
  for (let i = 1; i <= 7; i++) add(`p-edu-hr${String(i).padStart(2, '0')}`, idx++, O.eduHrBranch, 'full', '2013-07-01');

  // History: p-fin-t07 moved from 预算处 to 国库处 on 2025-03-01 (组织关系转接)
  const t07 = rows.find((r) => r.personId === 'p-fin-t07')!;
  t07.since = '2025-03-01';
  rows.push({ personId: 'p-fin-t07', orgId: O.budgetBranch, status: 'full', since: '2018-07-01', until: '2025-03-01' });
  // History: p-fin-b08 was probationary 2024-10-01 → converted to full 2025-10-01 (转正)
  const b08 = rows.find((r) => r.personId === 'p-fin-b08')!;
  b08.since = '2025-10-01';
  rows.push({
    personId: 'p-fin-b08',
    orgId: O.budgetBranch,
    status: 'probationary',
    since: '2024-10-01',
    until: '2025-10-01',
  });
  // a non-member person (for the admission procedure): no membership row
  persons.push({
    id: 'p-applicant-01',
    name: '欧阳晓明',
    birthDate: '2000-04-12',
    email: 'p-applicant-01@example.gov.cn',
  });
  // more applicants (DEMO_IDS.applicants): non-members, one with a cancelled probation at 国库处党支部
  persons.push(
    {
      id: 'p-applicant-02',
      name: '司马静怡',
      birthDate: '1996-03-08',
      email: 'p-applicant-02@example.gov.cn',
      unitOrgId: O.budgetBranch,
    },
    {
      id: 'p-applicant-minor',
      name: '诸葛小川',
      birthDate: '2010-09-01',
      email: 'p-applicant-minor@example.gov.cn',
      unitOrgId: O.budgetBranch,
    },
    {
      id: 'p-applicant-returning',
      name: '上官文博',
      birthDate: '1990-11-20',
      email: 'p-applicant-returning@example.gov.cn',
      unitOrgId: O.treasuryBranch,
    },
  );
  rows.push({
    personId: 'p-applicant-returning',
    orgId: O.treasuryBranch,
    status: 'probationary',
    since: '2023-07-01',
    until: '2024-07-01',
  });
  return { persons, rows };
}

interface PostSeed {
  orgId: string;
  personId: string;
  post: Post;
  since: string;
}

const POSTS: PostSeed[] = [
  { orgId: O.financeOrganCommittee, personId: 'p-fin-b01', post: 'secretary', since: '2022-12-01' },
  { orgId: O.financeOrganCommittee, personId: 'p-fin-t01', post: 'deputySecretary', since: '2022-12-01' },
  { orgId: O.financeOrganCommittee, personId: 'p-fin-o01', post: 'committeeMember', since: '2022-12-01' },
  { orgId: O.financeOrganCommittee, personId: 'p-fin-b02', post: 'organizer', since: '2022-12-01' },
  { orgId: O.financeGeneralBranch, personId: 'p-fin-b03', post: 'secretary', since: '2024-06-01' },
  { orgId: O.budgetBranch, personId: 'p-fin-b04', post: 'secretary', since: '2024-01-15' },
  { orgId: O.budgetBranch, personId: 'p-fin-b05', post: 'committeeMember', since: '2024-01-15' },
  { orgId: O.budgetBranch, personId: 'p-fin-b06', post: 'committeeMember', since: '2024-01-15' },
  { orgId: O.treasuryBranch, personId: 'p-fin-t02', post: 'secretary', since: '2025-03-01' },
  { orgId: O.treasuryBranch, personId: 'p-fin-t03', post: 'committeeMember', since: '2025-03-01' },
  { orgId: O.treasuryBranch, personId: 'p-fin-t04', post: 'committeeMember', since: '2025-03-01' },
  { orgId: O.officeBranch, personId: 'p-fin-o02', post: 'secretary', since: '2024-09-01' },
  { orgId: O.eduOrganCommittee, personId: 'p-edu-oc1', post: 'secretary', since: '2023-09-01' },
  { orgId: O.eduOrganCommittee, personId: 'p-edu-oc2', post: 'deputySecretary', since: '2023-09-01' },
];

/** Posts of the organizations whose term dates follow the seed date: they start on the stored term start. */
const RELATIVE_POSTS: Omit<PostSeed, 'since'>[] = [
  { orgId: O.eduPolicyBranch, personId: 'p-edu-pol01', post: 'secretary' },
  { orgId: O.eduPolicyBranch, personId: 'p-edu-pol02', post: 'committeeMember' },
  { orgId: O.eduPolicyBranch, personId: 'p-edu-pol03', post: 'committeeMember' },
  { orgId: O.eduHrBranch, personId: 'p-edu-hr01', post: 'secretary' },
  { orgId: O.eduHrBranch, personId: 'p-edu-hr02', post: 'committeeMember' },
  { orgId: O.eduHrBranch, personId: 'p-edu-hr03', post: 'committeeMember' },
];

/** Secretary (person) of each organization that gets a submitter user (DEMO_IDS.secretaries). */
const SECRETARY_PERSONS: Record<keyof typeof DEMO_IDS.secretaries, string> = {
  financeOrganCommittee: 'p-fin-b01',
  financeGeneralBranch: 'p-fin-b03',
  budgetBranch: 'p-fin-b04',
  treasuryBranch: 'p-fin-t02',
  officeBranch: 'p-fin-o02',
  eduOrganCommittee: 'p-edu-oc1',
  eduPolicyBranch: 'p-edu-pol01',
  eduHrBranch: 'p-edu-hr01',
};

const U = DEMO_IDS.users;
const USERS: { id: string; personId: string | null; displayName: string; grants: RoleGrant[] }[] = [
  { id: U.admin, personId: null, displayName: '系统管理员', grants: [{ role: 'admin', at: O.workCommittee }] },
  {
    id: U.workCommitteeApprover,
    personId: null,
    displayName: '工委组织部审批员',
    grants: [{ role: 'approver', at: O.workCommittee }],
  },
  {
    id: U.financePartyGroupApprover,
    personId: null,
    displayName: '财政厅党组秘书',
    grants: [{ role: 'approver', at: 'pg-finance' }],
  },
  {
    id: U.eduPartyGroupApprover,
    personId: null,
    displayName: '教育厅党组秘书',
    grants: [{ role: 'approver', at: 'pg-edu' }],
  },
  {
    id: U.financeOrganCommitteeApprover,
    personId: 'p-fin-b01',
    displayName: chineseName(0),
    grants: [{ role: 'approver', at: O.financeOrganCommittee }],
  },
  {
    id: U.eduOrganCommitteeApprover,
    personId: 'p-edu-oc1',
    displayName: '教育厅机关党委审批员',
    grants: [
      { role: 'approver', at: O.eduOrganCommittee },
      { role: 'admin', at: O.eduOrganCommittee },
    ],
  },
  {
    id: U.eduSubmitter,
    personId: 'p-edu-oc3',
    displayName: '教育厅机关党委组织委员',
    grants: [{ role: 'submitter', at: O.eduOrganCommittee }],
  },
  {
    id: U.clerk,
    personId: 'p-edu-01',
    displayName: '基础教育处党务干事',
    grants: [{ role: 'submitter', at: O.eduOrganCommittee }],
  },
  {
    id: U.budgetBranchApprover,
    personId: 'p-fin-b05',
    displayName: '财政厅预算处支部委员会委员',
    grants: [{ role: 'approver', at: O.budgetBranch }],
  },
];

export interface SeedDemoOptions {
  /**
   * YYYY-MM-DD the relative term dates are computed from; default today on the organizations' calendar (policy
   * `localUtcOffsetMinutes`, as every procedure counts it), so a seed after 16:00 UTC agrees with the API's today.
   * A later run keeps stored dates.
   */
  seedDate?: string;
}

/** Inserts the demo registry, people and users. Safe to run repeatedly: existing rows are left as they are. */
export async function seedDemoData(database: Database, opts: SeedDemoOptions = {}): Promise<void> {
  const db = database.db;
  const ORGS = buildOrgs(opts.seedDate ?? localToday(new Date().toISOString(), getPolicy(CURRENT_POLICY_VERSION)));
  await db.transaction(async (tx) => {
    await tx
      .insert(departments)
      .values([
        { id: 'dept-finance', name: '财政厅' },
        { id: 'dept-edu', name: '教育厅' },
      ])
      .onConflictDoNothing();
    await tx
      .insert(partyGroups)
      .values([
        { id: 'pg-finance', departmentId: 'dept-finance', name: '中共财政厅党组' },
        { id: 'pg-edu', departmentId: 'dept-edu', name: '中共教育厅党组' },
      ])
      .onConflictDoNothing();
    await tx
      .insert(organizations)
      .values(ORGS.map((o) => ({ ...o, policyVersion: 'seed' })))
      .onConflictDoNothing();

    const { persons, rows } = buildPeople();
    await tx.insert(people).values(persons).onConflictDoNothing();
    const personIds = persons.map((p) => p.id);
    const have = await tx.select().from(memberships).where(inArray(memberships.personId, personIds));
    const missing = rows.filter(
      (r) => !have.some((h) => h.personId === r.personId && h.orgId === r.orgId && h.since === r.since),
    );
    if (missing.length) await tx.insert(memberships).values(missing);

    const orgIds = ORGS.map((o) => o.id);
    const stored = await tx
      .select({ id: organizations.id, termStart: organizations.termStart })
      .from(organizations)
      .where(inArray(organizations.id, orgIds));
    const startOf = (orgId: string) => stored.find((o) => o.id === orgId)?.termStart ?? '2000-01-01';
    const allPosts: PostSeed[] = [...POSTS, ...RELATIVE_POSTS.map((p) => ({ ...p, since: startOf(p.orgId) }))];
    const havePosts = await tx.select().from(posts).where(inArray(posts.orgId, orgIds));
    const missingPosts = allPosts.filter(
      (p) =>
        !havePosts.some(
          (h) => h.orgId === p.orgId && h.personId === p.personId && h.post === p.post && h.since === p.since,
        ),
    );
    if (missingPosts.length) await tx.insert(posts).values(missingPosts);
  });
  const identity = new IdentityRepository(database);
  const secretaries = (Object.keys(SECRETARY_PERSONS) as (keyof typeof SECRETARY_PERSONS)[]).map((key) => ({
    id: DEMO_IDS.secretaries[key],
    personId: SECRETARY_PERSONS[key],
    displayName: `${ORGS.find((o) => o.id === O[key])!.name.replace(/^中共/, '')}书记`,
    grants: [{ role: 'submitter', at: O[key] }] as RoleGrant[],
  }));
  for (const u of [...USERS, ...secretaries]) {
    await identity.upsertUser(
      { id: u.id, personId: u.personId, displayName: u.displayName, email: `${u.id}@example.gov.cn` },
      u.grants,
    );
  }
}

export interface TestRosterOptions {
  orgId: string;
  /** counts per status; ids are `${prefix}-<n>` */
  full: number;
  probationary?: number;
  rightsSuspended?: number;
  partyProbation?: number;
  prefix?: string;
  since?: string;
}

/**
 * Adds synthetic members to an existing org (for threshold and quorum tests). Idempotent per person id.
 * Returns the person ids in insertion order.
 */
export async function seedTestRoster(database: Database, opts: TestRosterOptions): Promise<string[]> {
  const prefix = opts.prefix ?? `p-${opts.orgId}`;
  const since = opts.since ?? '2020-01-01';
  const plan: MembershipStatus[] = [
    ...Array<MembershipStatus>(opts.full).fill('full'),
    ...Array<MembershipStatus>(opts.probationary ?? 0).fill('probationary'),
    ...Array<MembershipStatus>(opts.rightsSuspended ?? 0).fill('rightsSuspended'),
    ...Array<MembershipStatus>(opts.partyProbation ?? 0).fill('partyProbation'),
  ];
  const ids = plan.map((_, i) => `${prefix}-${i + 1}`);
  if (ids.length === 0) return ids;
  await database.db.transaction(async (tx) => {
    await tx
      .insert(people)
      .values(ids.map((id, i) => ({ id, name: chineseName(i + 3), birthDate: null, email: null })))
      .onConflictDoNothing();
    const have = await tx
      .select({ personId: memberships.personId })
      .from(memberships)
      .where(and(eq(memberships.orgId, opts.orgId), inArray(memberships.personId, ids)));
    const rows = ids
      .map((personId, i) => ({ personId, orgId: opts.orgId, status: plan[i], since, until: null }))
      .filter((r) => !have.some((h) => h.personId === r.personId));
    if (rows.length) await tx.insert(memberships).values(rows);
  });
  return ids;
}
