// Registry data of the campaign, in its throw-away database on top of the demo seed: every establishment case has a
// roster of its own (12 members held at 教育厅机关党委, RULES §C.1: a member belongs to one organization), every
// admission case an applicant of its own at a drill branch under 财政厅预算国库总支 with introducers nobody else uses.
import type { RoleGrant } from '../../libs/contracts';
import { DEMO_IDS, IdentityRepository, seedDemoData, type Database } from '../../libs/db';
import { memberships, organizations, people } from '../../libs/db/schema';

/** Zero waiting periods (libs/domain/policy): a development case runs its 25 steps in minutes. */
export const DRILL_POLICY = '2026.1-drill';
/** admission cases per chaos branch: each uses two introducers of its own among the branch's 12 full members */
export const ADMISSION_CASES_PER_BRANCH = 5;
const BRANCH_FULL_MEMBERS = 12;

export interface EstablishmentFixture {
  kind: 'establishment';
  index: number;
  roster: string[];
}

export interface AdmissionFixture {
  kind: 'admission';
  index: number;
  orgId: string;
  personId: string;
  /** submitter at the branch: the input steps */
  clerk: string;
  /** approver at the branch: E3, E7, E12 */
  committee: string;
  /** full members of the branch this case uses as talker, contacts and introducers */
  members: [string, string];
  /** full members with voting rights at the branch when the campaign starts */
  entitled: number;
}

export type CaseFixture = EstablishmentFixture | AdmissionFixture;

const pad = (n: number, width = 4) => String(n).padStart(width, '0');

/** Which cases the campaign runs: every other case an establishment, the rest admissions. */
export function planCases(total: number): CaseFixture[] {
  const plan: CaseFixture[] = [];
  let admissions = 0;
  for (let i = 0; i < total; i++) {
    if (i % 2 === 0) {
      plan.push({
        kind: 'establishment',
        index: i,
        roster: Array.from({ length: 12 }, (_, m) => `p-chaos-e${pad(i)}-${pad(m + 1, 2)}`),
      });
    } else {
      const slot = admissions % ADMISSION_CASES_PER_BRANCH;
      const branch = Math.floor(admissions / ADMISSION_CASES_PER_BRANCH);
      const orgId = `org-chaos-br${pad(branch)}`;
      admissions += 1;
      plan.push({
        kind: 'admission',
        index: i,
        orgId,
        personId: `p-chaos-app${pad(i)}`,
        clerk: `u-chaos-br${pad(branch)}-sec`,
        committee: `u-chaos-br${pad(branch)}-com`,
        members: [`${orgId}-m${pad(slot * 2 + 1, 2)}`, `${orgId}-m${pad(slot * 2 + 2, 2)}`],
        entitled: BRANCH_FULL_MEMBERS,
      });
    }
  }
  return plan;
}

async function inChunks<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/** Demo seed, then the people, branches and users the planned cases need. */
export async function seedChaosFixtures(database: Database, plan: CaseFixture[]): Promise<void> {
  await seedDemoData(database);
  const db = database.db;
  const persons: { id: string; name: string; birthDate: string; email: string; unitOrgId?: string }[] = [];
  const rows: { personId: string; orgId: string; status: 'full' | 'probationary'; since: string; until: null }[] = [];
  const branches = new Map<string, AdmissionFixture>();
  for (const c of plan) {
    if (c.kind === 'establishment') {
      c.roster.forEach((id, m) => {
        persons.push({ id, name: `混沌${c.index}-${m + 1}`, birthDate: '1985-05-01', email: `${id}@example.gov.cn` });
        rows.push({
          personId: id,
          orgId: DEMO_IDS.orgs.eduOrganCommittee,
          status: m >= 10 ? 'probationary' : 'full',
          since: m >= 10 ? '2026-06-01' : '2012-07-01',
          until: null,
        });
      });
    } else {
      if (!branches.has(c.orgId)) branches.set(c.orgId, c);
      persons.push({
        id: c.personId,
        name: `申请人${c.index}`,
        birthDate: '1996-03-08',
        email: `${c.personId}@example.gov.cn`,
        unitOrgId: c.orgId,
      });
    }
  }
  for (const orgId of branches.keys()) {
    for (let m = 1; m <= BRANCH_FULL_MEMBERS; m++) {
      const id = `${orgId}-m${pad(m, 2)}`;
      persons.push({ id, name: `支部党员${m}`, birthDate: '1980-01-01', email: `${id}@example.gov.cn` });
      rows.push({ personId: id, orgId, status: 'full', since: '2015-07-01', until: null });
    }
  }
  if (branches.size > 0) {
    await inChunks([...branches.keys()], 500, (ids) =>
      db
        .insert(organizations)
        .values(
          ids.map((id, i) => ({
            id,
            name: `中共财政厅混沌测试第${i + 1}支部委员会`,
            type: 'branch' as const,
            parentId: DEMO_IDS.orgs.financeGeneralBranch,
            departmentId: DEMO_IDS.departments.finance,
            status: 'active' as const,
            hasCommittee: true,
            termStart: '2025-03-01',
            termEnd: '2028-02-28',
            termYears: 3,
            policyVersion: DRILL_POLICY,
          })),
        )
        .onConflictDoNothing(),
    );
  }
  await inChunks(persons, 1000, (chunk) => db.insert(people).values(chunk).onConflictDoNothing());
  await inChunks(rows, 1000, (chunk) => db.insert(memberships).values(chunk));
  const identity = new IdentityRepository(database);
  for (const c of branches.values()) {
    const grants = (role: RoleGrant['role']): RoleGrant[] => [{ role, at: c.orgId }];
    await identity.upsertUser(
      { id: c.clerk, personId: c.members[0], displayName: `${c.orgId}书记`, email: `${c.clerk}@example.gov.cn` },
      grants('submitter'),
    );
    await identity.upsertUser(
      { id: c.committee, personId: null, displayName: `${c.orgId}支委`, email: `${c.committee}@example.gov.cn` },
      grants('approver'),
    );
  }
}
