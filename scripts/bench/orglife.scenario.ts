import { performance } from 'node:perf_hooks';
import {
  memberships,
  organizations,
  orgLifeOccurrences,
  orgLifePlans,
  OrgLifeRepository,
  people,
  RegistryRepository,
  type Database,
} from '../../libs/db';
import { generateYearlyPlan, getPolicy, orThrow } from '../../libs/domain';
import { OrgLifeComplianceService } from '../../apps/api/src/orglife/orglife-compliance.service';
import { percentile } from './stats';

export interface OrgLifeBench {
  branches: number;
  occurrences: number;
  planGenerationMs: number;
  complianceSamples: number;
  complianceP50Ms: number;
  complianceP99Ms: number;
}

/**
 * Organizational life at the size of a work committee (issue 11 "Bench"): `branches` branches of `members` members
 * each under the organs work committee; every branch's plan of `year` generated (pure, timed), its occurrences stored
 * with a share held and missed, then the administrators' compliance list over all of them, `samples` times.
 */
export async function measureOrgLife(
  database: Database,
  opts: { branches: number; members: number; year: number; samples: number },
): Promise<OrgLifeBench> {
  const policy = getPolicy();
  const ids = Array.from({ length: opts.branches }, (_, i) => `org-bench-${String(i).padStart(5, '0')}`);
  const started = performance.now();
  const plans = ids.map((orgId) =>
    orThrow(generateYearlyPlan({ orgId, orgType: 'branch', hasCommittee: true, year: opts.year }, policy)),
  );
  const planGenerationMs = performance.now() - started;

  const { db } = database;
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    await db.insert(organizations).values(
      chunk.map((id) => ({
        id,
        name: `基准党支部${id}`,
        type: 'branch' as const,
        parentId: 'org-wc',
        status: 'active' as const,
        hasCommittee: true,
      })),
    );
    const persons = chunk.flatMap((id) =>
      Array.from({ length: opts.members }, (_, m) => ({ id: `${id}-p${m}`, name: `党员${m}` })),
    );
    await db.insert(people).values(persons);
    await db.insert(memberships).values(
      persons.map((p) => ({
        personId: p.id,
        orgId: p.id.replace(/-p\d+$/, ''),
        status: 'full' as const,
        since: '2020-01-01',
      })),
    );
  }
  let occurrences = 0;
  for (let i = 0; i < plans.length; i += 100) {
    const chunk = plans.slice(i, i + 100);
    await db.insert(orgLifePlans).values(
      chunk.map((p) => ({
        orgId: p.orgId,
        year: p.year,
        orgType: 'branch',
        status: 'approved' as const,
        themeDayOfMonth: p.themeDayOfMonth,
        policyVersion: policy.version,
        asOf: new Date().toISOString(),
      })),
    );
    const rows = chunk.flatMap((p, b) =>
      p.occurrences.map((o, k) => ({
        orgId: p.orgId,
        year: p.year,
        ...o,
        status: o.periodEnd < `${opts.year}-07-01` ? ((b + k) % 17 === 0 ? 'missed' : 'held') : 'planned',
      })),
    );
    occurrences += rows.length;
    for (let r = 0; r < rows.length; r += 1000) await db.insert(orgLifeOccurrences).values(rows.slice(r, r + 1000));
  }

  const service = new OrgLifeComplianceService(new RegistryRepository(database), new OrgLifeRepository(database));
  const admin = {
    userId: 'u-bench',
    displayName: 'bench',
    roles: [{ role: 'admin' as const, at: 'org-wc' }],
    adminOrgIds: ids,
  };
  const samples: number[] = [];
  for (let s = 0; s < opts.samples; s++) {
    const t0 = performance.now();
    const list = await service.list(admin, { year: opts.year });
    samples.push(performance.now() - t0);
    if (list.items.length !== opts.branches)
      throw new Error(`compliance listed ${list.items.length} of ${opts.branches}`);
  }
  return {
    branches: opts.branches,
    occurrences,
    planGenerationMs,
    complianceSamples: samples.length,
    complianceP50Ms: percentile(samples, 50),
    complianceP99Ms: percentile(samples, 99),
  };
}
