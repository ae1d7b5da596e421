import type { CaseStatus, Procedure } from '../../../../libs/contracts';

/** Structured filters of GET /api/cases/visibility; each becomes one quoted comparison on a case search attribute. */
export interface VisibilityFilters {
  procedure?: Procedure;
  /** case status (CaseStatus search attribute), not the Temporal execution status */
  status?: CaseStatus;
  stage?: string;
  /** cases of this org or inside its subtree (OrgPath holds the org and its ancestors) */
  orgId?: string;
  /** cases with an open task at this body */
  pendingBodyId?: string;
}

/** A single-quoted visibility literal: backslashes and quotes are escaped, so a value can never end the literal. */
export function quoteVisibilityValue(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * The Temporal visibility list query, built only from quoted values and always AND-ed with the admin scope
 * `OrgPath IN (<admin roots>)` — clients never supply query text.
 */
export function buildVisibilityQuery(adminRoots: readonly string[], filters: VisibilityFilters): string {
  if (adminRoots.length === 0) throw new Error('buildVisibilityQuery needs at least one admin root');
  const clauses = [`OrgPath IN (${adminRoots.map(quoteVisibilityValue).join(', ')})`];
  const equal = (attribute: string, value: string | undefined) => {
    if (value !== undefined) clauses.push(`${attribute} = ${quoteVisibilityValue(value)}`);
  };
  // `Procedure` is a reserved word in the visibility SQL dialect and must be backticked.
  equal('`Procedure`', filters.procedure);
  equal('CaseStatus', filters.status);
  equal('Stage', filters.stage);
  equal('OrgPath', filters.orgId);
  equal('PendingBodies', filters.pendingBodyId);
  return clauses.join(' AND ');
}
