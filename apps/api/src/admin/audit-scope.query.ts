import { Inject, Injectable } from '@nestjs/common';
import { inArray } from 'drizzle-orm';
import type { Actor } from '../../../../libs/contracts';
import { auditEvents, caseSummaries, RegistryRepository, type Database } from '../../../../libs/db';
import { DATABASE } from '../api-settings';
import { isAdminOver } from '../auth/actor-access';

/** Which cases an administrator may check: those whose org path (summary row, else the audit rows' org) they administer. */
@Injectable()
export class AuditScope {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly registry: RegistryRepository,
  ) {}

  async orgPathOfAuditCase(caseId: string): Promise<string[] | null> {
    const [row] = await this.database.db
      .select({ orgId: auditEvents.orgId })
      .from(auditEvents)
      .where(inArray(auditEvents.caseId, [caseId]))
      .limit(1);
    return row ? this.registry.orgPathOf(row.orgId) : null;
  }

  async administeredAmong(actor: Actor, caseIds: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    if (caseIds.length === 0) return out;
    const summaries = await this.database.db
      .select({ caseId: caseSummaries.caseId, orgPath: caseSummaries.orgPath })
      .from(caseSummaries)
      .where(inArray(caseSummaries.caseId, caseIds));
    const known = new Set<string>();
    for (const s of summaries) {
      known.add(s.caseId);
      if (isAdminOver(actor, s.orgPath)) out.add(s.caseId);
    }
    const pathByOrg = new Map<string, string[]>();
    for (const caseId of caseIds) {
      if (known.has(caseId)) continue;
      const [row] = await this.database.db
        .selectDistinct({ orgId: auditEvents.orgId })
        .from(auditEvents)
        .where(inArray(auditEvents.caseId, [caseId]))
        .limit(1);
      // a case known only by its chain head (every row deleted) is checked by administrators of the whole tree
      const path = row
        ? (pathByOrg.get(row.orgId) ??
          pathByOrg.set(row.orgId, await this.registry.orgPathOf(row.orgId)).get(row.orgId) ??
          [])
        : null;
      if (path ? isAdminOver(actor, path) : await this.administersARoot(actor)) out.add(caseId);
    }
    return out;
  }

  private async administersARoot(actor: Actor): Promise<boolean> {
    for (const orgId of actor.adminOrgIds) {
      if ((await this.registry.ancestorsOf(orgId)).length === 0) return true;
    }
    return false;
  }
}
