// The figures of the campaign, each computed from a record the product keeps (the audit trail, the inbox rows, the
// workflow's own state, the mail the SMTP sink received) against what the driver sent.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Client } from '@temporalio/client';
import { caseStateQuery, type CaseState } from '../../libs/contracts';
import type { Client as PgClient } from 'pg';
import type { SentCommand } from './browser';
import type { CaseRun } from './flows';
import { ROOT } from './processes';

export interface Figure {
  name: string;
  value: string;
  /** null: informational, no goal */
  ok: boolean | null;
  goal?: string;
}

export function printFigure(f: Figure): void {
  const verdict = f.ok === null ? '' : f.ok ? '  ok' : '  MISSED';
  process.stdout.write(`chaos: ${f.name}: ${f.value}${f.goal ? ` (goal ${f.goal})` : ''}${verdict}\n`);
}

interface DecidedRow {
  case_id: string;
  task_id: string | null;
  actor_id: string | null;
  outcome: string | null;
}

export async function completedFigure(pg: PgClient, runs: CaseRun[]): Promise<Figure & { stuck: CaseRun[] }> {
  const ids = runs.map((r) => r.caseId).filter((id): id is string => !!id);
  const rows = ids.length
    ? (
        await pg.query<{ case_id: string; status: string }>(
          'SELECT case_id, status FROM case_summaries WHERE case_id = ANY($1::text[])',
          [ids],
        )
      ).rows
    : [];
  const status = new Map(rows.map((r) => [r.case_id, r.status]));
  const completed = runs.filter((r) => r.done && r.caseId && status.get(r.caseId) === 'completed');
  const stuck = runs.filter((r) => !completed.includes(r));
  const pct = runs.length ? (100 * completed.length) / runs.length : 100;
  return {
    name: 'cases completed',
    value: `${completed.length}/${runs.length} (${pct.toFixed(1)}%)`,
    goal: '100%',
    ok: completed.length === runs.length,
    stuck,
  };
}

/**
 * Decisions lost (the driver was answered 200, the audit trail has no such decision by that user) and applied twice
 * (two audit rows for one task, or a decided task nobody clicked); clicks refused although the audit shows them
 * applied (a retry answered 409 for its own first attempt) are counted too.
 */
export async function decisionFigures(pg: PgClient, sent: SentCommand[], caseIds: string[]) {
  const rows = caseIds.length
    ? (
        await pg.query<DecidedRow>(
          `SELECT case_id, detail->>'taskId' AS task_id, actor_id, outcome FROM audit_events
         WHERE event = 'task.decided' AND case_id = ANY($1::text[])`,
          [caseIds],
        )
      ).rows
    : [];
  const byTask = new Map<string, DecidedRow[]>();
  for (const r of rows) {
    const list = byTask.get(r.task_id ?? '') ?? [];
    list.push(r);
    byTask.set(r.task_id ?? '', list);
  }
  const decisions = sent.filter((s) => s.kind === 'decision');
  const clicked = new Set(decisions.map((s) => s.target));
  const lost: string[] = [];
  const refusedButApplied: string[] = [];
  for (const s of decisions) {
    const applied = (byTask.get(s.target) ?? []).some((r) => r.actor_id === s.user && r.outcome === s.outcome);
    if (s.final.status === 200 && !applied) lost.push(`${s.target} (${s.user} ${s.outcome}, key ${s.key})`);
    // a refusal whose task another click of the driver decided (a vote sent again with the registry's count) is not
    // this click applied
    const otherApplied = decisions.some((o) => o !== s && o.target === s.target && o.final.status === 200);
    if (s.final.status >= 400 && s.final.status < 500 && applied && s.attempts.length > 1 && !otherApplied) {
      refusedButApplied.push(`${s.target}: attempts ${s.attempts.join(',')} → ${JSON.stringify(s.final.body)}`);
    }
  }
  const twice: string[] = [];
  for (const [taskId, list] of byTask) {
    if (list.length > 1) twice.push(`${taskId} decided ${list.length} times`);
    else if (!clicked.has(taskId)) twice.push(`${taskId} decided by ${list[0]?.actor_id} without a click`);
  }
  const retried = decisions.filter((s) => s.attempts.length > 1).length;
  return {
    figures: [
      {
        name: 'decisions sent',
        value: `${decisions.length} (${retried} retried with their key after a 5xx or no answer)`,
        ok: null,
      },
      { name: 'decisions lost', value: String(lost.length), goal: '0', ok: lost.length === 0 },
      { name: 'decisions applied twice', value: String(twice.length), goal: '0', ok: twice.length === 0 },
      {
        name: 'retried clicks refused although applied',
        value: String(refusedButApplied.length),
        goal: '0',
        ok: refusedButApplied.length === 0,
      },
    ] as Figure[],
    details: [...lost.map((l) => `lost: ${l}`), ...twice.map((t) => `twice: ${t}`), ...refusedButApplied],
  };
}

export function mailFigure(messageIds: (string | null)[]): { figure: Figure; details: string[] } {
  const counts = new Map<string, number>();
  let withoutId = 0;
  for (const id of messageIds) {
    if (!id) withoutId += 1;
    else counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const dupes = [...counts].filter(([, n]) => n > 1);
  const extra = dupes.reduce((sum, [, n]) => sum + n - 1, 0);
  return {
    figure: {
      name: 'duplicate emails',
      value: `${extra} of ${messageIds.length} received (by Message-ID${withoutId ? `; ${withoutId} without one` : ''})`,
      goal: '0',
      ok: extra === 0 && withoutId === 0,
    },
    details: dupes.map(([id, n]) => `mail ${id} received ${n} times`),
  };
}

/**
 * Inbox rows against the workflow's own state (its query, answered by a worker from history): every open task of the
 * workflow is an open row, every open row an open task, and every task the workflow recorded as decided is a done row
 * with the same outcome.
 */
export async function inboxFigure(
  pg: PgClient,
  client: Client,
  caseIds: string[],
): Promise<{ figure: Figure; details: string[] }> {
  const details: string[] = [];
  const rows = caseIds.length
    ? (
        await pg.query<{ task_id: string; case_id: string; status: string; outcome: string | null }>(
          'SELECT task_id, case_id, status, outcome FROM tasks WHERE case_id = ANY($1::text[])',
          [caseIds],
        )
      ).rows
    : [];
  const byCase = new Map<string, typeof rows>();
  for (const r of rows) byCase.set(r.case_id, [...(byCase.get(r.case_id) ?? []), r]);
  let disagreeing = 0;
  let unreadable = 0;
  const queue = [...caseIds];
  const worker = async () => {
    for (let caseId = queue.shift(); caseId; caseId = queue.shift()) {
      let state: CaseState;
      try {
        state = await client.workflow.getHandle(caseId).query(caseStateQuery);
      } catch (err) {
        unreadable += 1;
        details.push(`${caseId}: workflow query failed: ${(err as Error).message}`);
        continue;
      }
      const caseRows = byCase.get(caseId) ?? [];
      const row = new Map(caseRows.map((r) => [r.task_id, r]));
      const open = new Set(state.pendingTasks.map((t) => t.taskId));
      for (const taskId of open) {
        if (row.get(taskId)?.status !== 'open') {
          disagreeing += 1;
          details.push(`${caseId}: task ${taskId} open in the workflow, row ${row.get(taskId)?.status ?? 'missing'}`);
        }
      }
      for (const r of caseRows) {
        if (r.status === 'open' && !open.has(r.task_id)) {
          disagreeing += 1;
          details.push(`${caseId}: row ${r.task_id} open, not open in the workflow`);
        }
      }
      for (const e of state.timeline) {
        if (e.event !== 'task.decided') continue;
        const taskId = String(e.detail?.taskId ?? '');
        const r = row.get(taskId);
        if (!r || r.status === 'open' || r.outcome !== e.outcome) {
          disagreeing += 1;
          details.push(`${caseId}: ${taskId} decided ${e.outcome} in the workflow, row ${r?.status}/${r?.outcome}`);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return {
    figure: {
      name: 'inbox rows that disagree with the workflow',
      value: `${disagreeing}${unreadable ? ` (${unreadable} workflows unreadable)` : ''} over ${caseIds.length} cases`,
      goal: '0',
      ok: disagreeing === 0 && unreadable === 0,
    },
    details,
  };
}

/**
 * The audit hash chain (issue 8 §7), checked by `scripts/audit-verify.ts` (`npm run audit:verify`, built with the rest)
 * on the campaign's database; exit 0 means every chain is intact. Without it in the tree the figure is "not available".
 */
export function auditChainFigure(env: Record<string, string>): { figure: Figure; details: string[] } {
  const script = resolve(ROOT, 'dist/scripts/audit-verify.js');
  if (!existsSync(script)) {
    return {
      figure: {
        name: 'audit chains intact',
        value: 'not available (no scripts/audit-verify.ts in this tree)',
        ok: null,
      },
      details: [],
    };
  }
  try {
    const out = execFileSync(process.execPath, [script], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 600_000,
    });
    const last = out.trim().split('\n').at(-1) ?? '';
    return { figure: { name: 'audit chains intact', value: `yes (${last})`, goal: 'yes', ok: true }, details: [] };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; status?: number };
    const out = `${e.stdout ?? ''}${e.stderr ?? ''}`.trim();
    return {
      figure: {
        name: 'audit chains intact',
        value: `no (audit-verify exit ${e.status}: ${out.split('\n').at(-1) ?? ''})`,
        goal: 'yes',
        ok: false,
      },
      details: out.split('\n').slice(0, 50),
    };
  }
}
