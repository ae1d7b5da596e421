import { createHash } from 'node:crypto';

/**
 * Tamper-evident audit trail (issue 8 §7): every audit row of a case carries the SHA-256 of the previous row of that
 * case, and its own hash covers that link, so editing, removing or inserting a row in SQL breaks the chain at that
 * row. The hash is computed over a canonical serialization that does not depend on the database (key order of
 * `detail`, timestamp rendering), so `npm run audit:verify` recomputes it from the stored values alone.
 */
export const AUDIT_CHAIN_VERSION = 'branchflow.audit.v1';

/** The fields a link covers: everything an audit row says, its place in the chain, and the previous link. */
export interface AuditChainFields {
  caseId: string;
  seq: number;
  dedupeKey: string;
  procedure: string;
  orgId: string;
  step: string;
  event: string;
  actorId: string | null;
  outcome: string | null;
  comment: string | null;
  detail: unknown;
  /** ISO-8601 with milliseconds (`Date#toISOString`) */
  at: string;
  prevHash: string | null;
}

/**
 * JSON with object keys sorted (by UTF-16 code units, as `Array#sort` does) at every depth; `undefined` members are
 * left out and non-finite numbers become null, as `JSON.stringify` and a jsonb round trip both do.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The canonical serialization of one link: a JSON array in a fixed order, versioned. */
export function auditChainSerialization(fields: AuditChainFields): string {
  return canonicalJson([
    AUDIT_CHAIN_VERSION,
    fields.caseId,
    fields.seq,
    fields.dedupeKey,
    fields.procedure,
    fields.orgId,
    fields.step,
    fields.event,
    fields.actorId,
    fields.outcome,
    fields.comment,
    fields.detail ?? null,
    new Date(fields.at).toISOString(),
    fields.prevHash,
  ]);
}

export function auditRowHash(fields: AuditChainFields): string {
  return createHash('sha256').update(auditChainSerialization(fields), 'utf8').digest('hex');
}

/** Why a link is broken, from the first row that does not check out. */
export type AuditChainBreak =
  /** a row written before the chain existed and not chained yet (migrate() chains them) */
  | 'unchained'
  /** the row's place in the chain is not the next one: a row before it was removed or one was inserted */
  | 'sequence'
  /** the row does not name the hash of the row before it */
  | 'previous-hash'
  /** the row's content no longer matches its hash: it was edited */
  | 'hash'
  /** the chain's head does not match its last row: rows at the end were removed, or the head was edited */
  | 'head';

export interface AuditChainRow extends AuditChainFields {
  id: number;
  hash: string | null;
  /** seq as stored; null on rows that are not chained */
  storedSeq: number | null;
}

export interface AuditChainLinkBroken {
  reason: AuditChainBreak;
  /** the first row that does not check out (absent when only the head is wrong) */
  id: number | null;
  seq: number | null;
  dedupeKey: string | null;
  expected: string | number | null;
  found: string | number | null;
}

export interface AuditChainReport {
  caseId: string;
  rows: number;
  ok: boolean;
  firstBroken: AuditChainLinkBroken | null;
}

/**
 * Walks one case's rows in chain order (seq, then id for unchained rows) against the head, and names the first broken
 * link. Pure: the repository reads, this decides.
 */
export function verifyAuditChain(
  caseId: string,
  rows: readonly AuditChainRow[],
  head: { seq: number; hash: string | null } | null,
): AuditChainReport {
  const broken = (link: AuditChainLinkBroken): AuditChainReport => ({
    caseId,
    rows: rows.length,
    ok: false,
    firstBroken: link,
  });
  let prev: string | null = null;
  let expectedSeq = 1;
  for (const row of rows) {
    const at = { id: row.id, seq: row.storedSeq, dedupeKey: row.dedupeKey };
    if (row.hash === null || row.storedSeq === null) {
      return broken({ reason: 'unchained', ...at, expected: null, found: null });
    }
    if (row.storedSeq !== expectedSeq) {
      return broken({ reason: 'sequence', ...at, expected: expectedSeq, found: row.storedSeq });
    }
    if (row.prevHash !== prev) {
      return broken({ reason: 'previous-hash', ...at, expected: prev, found: row.prevHash });
    }
    const recomputed = auditRowHash({ ...row, seq: row.storedSeq });
    if (recomputed !== row.hash) {
      return broken({ reason: 'hash', ...at, expected: recomputed, found: row.hash });
    }
    prev = row.hash;
    expectedSeq += 1;
  }
  const lastSeq = expectedSeq - 1;
  const headSeq = head?.seq ?? 0;
  const headHash = head?.hash ?? null;
  if (headSeq !== lastSeq || headHash !== prev) {
    return broken({
      reason: 'head',
      id: null,
      seq: headSeq,
      dedupeKey: null,
      expected: `${lastSeq}:${prev ?? '-'}`,
      found: `${headSeq}:${headHash ?? '-'}`,
    });
  }
  return { caseId, rows: rows.length, ok: true, firstBroken: null };
}

/** One line naming the first broken link, for the command and logs. */
export function describeAuditBreak(report: AuditChainReport): string {
  const b = report.firstBroken;
  if (!b) return `${report.caseId}: ok (${report.rows} rows)`;
  const where = b.id === null ? `head (seq ${b.seq})` : `row id ${b.id} seq ${b.seq ?? '-'} (${b.dedupeKey})`;
  return `${report.caseId}: BROKEN at ${where}: ${b.reason}; expected ${b.expected ?? '-'}, found ${b.found ?? '-'}`;
}
