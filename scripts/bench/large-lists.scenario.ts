import { sql } from 'drizzle-orm';
import type { Pool } from 'pg';
import type { RoleGrant } from '../../libs/contracts';
import { CaseSummaryRepository, InboxRepository, openTestDatabase, type TestDatabase } from '../../libs/db';
import { percentile } from './stats';

/**
 * The lists at scale (issue 12): a throw-away PostgreSQL database seeded with BENCH_LIST_TASKS task rows (default
 * 1,000,000) and BENCH_LIST_CASES cases (default 100,000) across a realistic tree (a work committee, 40 organ
 * committees, 25 branches each, 5,000 users); each list query through its repository against a raw-SQL baseline (the
 * bare page query a hand-written SQL would run: same filter, same order, LIMIT), p50/p99 over `iterations` runs, and
 * the plan PostgreSQL chose (EXPLAIN ANALYZE) for every statement the repository sent.
 */

type Role = RoleGrant['role'];

export interface ListFigure {
  label: string;
  repo: { p50: number; p99: number };
  raw: { p50: number; p99: number };
  plans: string[];
  rows: number;
}

export interface LargeListResult {
  tasks: number;
  cases: number;
  seedSeconds: number;
  figures: ListFigure[];
}

const COMMITTEES = 40;
const BRANCHES_PER = 25;
const USERS = 5000;

async function seed(db: TestDatabase, cases: number, taskRows: number): Promise<void> {
  const branches = COMMITTEES * BRANCHES_PER;
  await db.db.execute(
    sql.raw(`
    insert into case_summaries (case_id, procedure, org_id, org_path, title, status, stage, submitted_by, submitted_at,
                                pending_body_ids, due_at, person_id, updated_at)
    select 'case-' || c,
           case when c % 10 = 0 then 'establishment' else 'admission' end,
           'br-' || (c % ${branches}),
           array['br-' || (c % ${branches}), 'oc-' || ((c % ${branches}) / ${BRANCHES_PER}), 'org-root'],
           'case ' || c,
           case when c % 5 = 0 then 'active' else 'completed' end,
           case when c % 5 = 0 then 'E9' else 'E25' end,
           'u-' || (c % ${USERS}),
           timestamptz '2024-01-01T00:00:00Z' + c * interval '7 minutes',
           array[]::text[],
           case when c % 5 = 0 then timestamptz '2024-01-01T00:00:00Z' + c * interval '7 minutes' + interval '30 days' end,
           'p-' || c,
           now()
    from generate_series(0, ${cases - 1}) as c`),
  );
  // ~10 tasks per case: approvals at the branch (or every 4th at its organ committee), input tasks named on the
  // case's submitter; the last two tasks of an active case are open, everything else decided
  const perCase = Math.max(1, Math.ceil(taskRows / cases));
  await db.db.execute(
    sql.raw(`
    insert into tasks (task_id, case_id, procedure, org_id, org_path, case_title, step, kind, title, title_en,
                       assigned_body_id, assignee_user_ids, created_at, due_at, status, outcome, decided_by, decided_at)
    select 'case-' || c || '/T' || k, 'case-' || c, 'admission', 'br-' || (c % ${branches}),
           array['br-' || (c % ${branches}), 'oc-' || ((c % ${branches}) / ${BRANCHES_PER}), 'org-root'], 'case ' || c,
           'E' || k, case when k % 2 = 0 then 'approval' else 'input' end, 'task', 'task',
           case when k % 2 = 1 then 'br-' || (c % ${branches})
                when k % 4 = 0 then 'oc-' || ((c % ${branches}) / ${BRANCHES_PER})
                else 'br-' || (c % ${branches}) end,
           case when k % 2 = 1 then array['u-' || (c % ${USERS})] else array[]::text[] end,
           timestamptz '2024-01-01T00:00:00Z' + c * interval '7 minutes' + k * interval '1 hour',
           case when k % 3 = 2 then null
                else timestamptz '2024-01-01T00:00:00Z' + c * interval '7 minutes' + k * interval '1 hour' + interval '20 days' end,
           open.status,
           case when open.status = 'done' then 'approve' end,
           case when open.status = 'done' then 'u-' || ((c + k) % ${USERS}) end,
           case when open.status = 'done' then timestamptz '2024-01-01T00:00:00Z' + c * interval '7 minutes' + (k + 1) * interval '1 hour' end
    from generate_series(0, ${taskRows - 1}) as n,
         lateral (select n % ${cases} as c, n / ${cases} as k) as ck,
         lateral (select case when c % 5 = 0 and k >= ${perCase - 2} then 'open' else 'done' end as status) as open`),
  );
  await db.db.execute(sql`analyze`);
}

interface Captured {
  text: string;
  values: unknown[];
}

/** Records the statements sent through the pool while `fn` runs. */
async function capture(pool: Pool, fn: () => Promise<unknown>): Promise<Captured[]> {
  const seen: Captured[] = [];
  const original = pool.query.bind(pool) as (...a: unknown[]) => unknown;
  (pool as unknown as { query: (...a: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const [first, second] = args;
    if (typeof first === 'string') seen.push({ text: first, values: (second as unknown[]) ?? [] });
    else if (first && typeof first === 'object' && 'text' in first) {
      const q = first as { text: string; values?: unknown[] };
      seen.push({ text: q.text, values: (second as unknown[] | undefined) ?? q.values ?? [] });
    }
    return original(...args);
  };
  try {
    await fn();
  } finally {
    (pool as unknown as { query: unknown }).query = original;
  }
  return seen;
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

function planNodes(node: PlanNode, out: string[]): void {
  const what = node['Index Name']
    ? `${node['Node Type']} ${node['Index Name']}`
    : node['Relation Name']
      ? `${node['Node Type']} ${node['Relation Name']}`
      : null;
  if (what && !out.includes(what)) out.push(what);
  for (const child of node.Plans ?? []) planNodes(child, out);
}

async function explain(pool: Pool, statements: Captured[]): Promise<string[]> {
  const plans: string[] = [];
  for (const s of statements) {
    const res = await pool.query<{ 'QUERY PLAN': { Plan: PlanNode; 'Execution Time': number }[] }>(
      `explain (analyze, format json) ${s.text}`,
      s.values,
    );
    const [top] = res.rows[0]!['QUERY PLAN'];
    const nodes: string[] = [];
    planNodes(top!.Plan, nodes);
    const kind = /count\(\*\)/.test(s.text) ? 'count' : 'page';
    plans.push(`${kind} ${top!['Execution Time'].toFixed(1)} ms: ${nodes.join(', ')}`);
  }
  return plans;
}

async function timeIt(iterations: number, fn: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < Math.min(5, iterations); i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

const INBOX_ORDER = 'order by due_at asc nulls last, created_at asc, task_id asc';

export async function measureLargeLists(opts: {
  tasks: number;
  cases: number;
  iterations: number;
  progress: (line: string) => void;
}): Promise<LargeListResult> {
  const db = await openTestDatabase('postgres');
  try {
    const pool = (db as unknown as { pool: Pool }).pool;
    opts.progress(`  large lists: seeding ${opts.cases} cases and ${opts.tasks} tasks on ${db.name}`);
    const t0 = performance.now();
    await seed(db, opts.cases, opts.tasks);
    const seedSeconds = (performance.now() - t0) / 1000;
    opts.progress(`  large lists: seeded in ${seedSeconds.toFixed(0)} s`);
    const inbox = new InboxRepository(db);
    const summaries = new CaseSummaryRepository(db);
    const grant = (role: Role, at: string): RoleGrant => ({ role, at });

    // a branch secretary: approver and submitter at br-7, named on the input tasks of the cases they submitted
    const branchUser = { id: 'u-7', roles: [grant('approver', 'br-7'), grant('submitter', 'br-7')] };
    const committeeUser = { id: 'u-oc-3', roles: [grant('approver', 'oc-3')] };
    const rootAdmin = { userId: 'u-admin', roles: [grant('admin', 'org-root')], adminRoots: ['org-root'] };
    const committeeAdmin = { userId: 'u-oc-admin', roles: [grant('admin', 'oc-3')], adminRoots: ['oc-3'] };
    const branchViewer = { userId: branchUser.id, roles: branchUser.roles, adminRoots: [] };

    const committeePage1 = await inbox.listForUser(committeeUser.id, committeeUser.roles, {});
    let deepCaseCursor: string | undefined;
    for (let i = 0; i < 20; i++) {
      deepCaseCursor =
        (await summaries.listVisible(rootAdmin, { limit: 50, cursor: deepCaseCursor })).nextCursor ?? undefined;
    }
    const raw =
      (text: string, values: unknown[] = []) =>
      () =>
        pool.query(text, values);
    const visibleBr7 = `(assignee_user_ids @> array['u-7'] or (kind = 'approval' and (assigned_body_id = 'br-7' or escalated_to_body_id = 'br-7')) or (kind = 'input' and assigned_body_id = 'br-7'))`;
    const lastOf = (items: { dueAt: string | null; createdAt: string; taskId: string }[]) => items[items.length - 1]!;
    const p1Last = lastOf(committeePage1.items);

    const queries: { label: string; repo: () => Promise<{ items: unknown[] }>; raw: () => Promise<unknown> }[] = [
      {
        label: '待办 of a branch secretary (named + approver at a branch), page 1 + counts',
        repo: () => inbox.listForUser(branchUser.id, branchUser.roles, {}),
        raw: raw(`select * from tasks where ${visibleBr7} and status = 'open' ${INBOX_ORDER} limit 100`),
      },
      {
        label: '待办 of an organ-committee approver, page 1 + counts',
        repo: () => inbox.listForUser(committeeUser.id, committeeUser.roles, {}),
        raw: raw(
          `select * from tasks where kind = 'approval' and (assigned_body_id = 'oc-3' or escalated_to_body_id = 'oc-3') and status = 'open' ${INBOX_ORDER} limit 100`,
        ),
      },
      {
        label: '待办 of an organ-committee approver, page 2 by cursor',
        repo: () =>
          inbox.listForUser(committeeUser.id, committeeUser.roles, { cursor: committeePage1.nextCursor ?? undefined }),
        raw: raw(
          `select * from tasks where kind = 'approval' and (assigned_body_id = 'oc-3' or escalated_to_body_id = 'oc-3') and status = 'open' and (due_at, created_at, task_id) > ($1::timestamptz, $2::timestamptz, $3) ${INBOX_ORDER} limit 100`,
          [p1Last.dueAt, p1Last.createdAt, p1Last.taskId],
        ),
      },
      {
        label: '已办 of a branch secretary (decided by them), page 1',
        repo: () => inbox.listForUser(branchUser.id, branchUser.roles, { status: 'done', decidedBy: branchUser.id }),
        raw: raw(
          `select * from tasks where ${visibleBr7} and status = 'done' and decided_by = 'u-7' ${INBOX_ORDER} limit 100`,
        ),
      },
      {
        label: "a body's queue (organ committee, open), page 1",
        repo: () => inbox.pageForBody('oc-3', 'open', {}),
        raw: raw(
          `select * from tasks where (assigned_body_id = 'oc-3' or escalated_to_body_id = 'oc-3') and status = 'open' ${INBOX_ORDER} limit 100`,
        ),
      },
      {
        label: 'case list of the root administrator (all cases), page 1 + total',
        repo: () => summaries.listVisible(rootAdmin, { limit: 50 }),
        raw: raw(`select * from case_summaries order by submitted_at desc, case_id desc limit 50`),
      },
      {
        label: 'case list of the root administrator, page 21 by cursor + total',
        repo: () => summaries.listVisible(rootAdmin, { limit: 50, cursor: deepCaseCursor }),
        raw: raw(`select * from case_summaries order by submitted_at desc, case_id desc limit 50 offset 1000`),
      },
      {
        label: 'case list of an organ-committee administrator (its subtree), page 1 + total',
        repo: () => summaries.listVisible(committeeAdmin, { limit: 50 }),
        raw: raw(
          `select * from case_summaries where org_path && array['oc-3'] order by submitted_at desc, case_id desc limit 50`,
        ),
      },
      {
        label: 'case list of a branch secretary (cases with their tasks), page 1 + total',
        repo: () => summaries.listVisible(branchViewer, { limit: 50 }),
        raw: raw(
          `select * from case_summaries where case_id in (select case_id from tasks where ${visibleBr7}) or submitted_by = 'u-7' order by submitted_at desc, case_id desc limit 50`,
        ),
      },
      {
        label: '我发起的 of a branch secretary, page 1 + total',
        repo: () => summaries.listVisible(branchViewer, { limit: 50, mine: true }),
        raw: raw(
          `select * from case_summaries where submitted_by = 'u-7' order by submitted_at desc, case_id desc limit 50`,
        ),
      },
    ];

    const figures: ListFigure[] = [];
    for (const q of queries) {
      let rows = 0;
      const statements = await capture(pool, async () => {
        rows = (await q.repo()).items.length;
      });
      const plans = await explain(pool, statements);
      const repo = await timeIt(opts.iterations, q.repo);
      const rawFigure = await timeIt(opts.iterations, q.raw);
      figures.push({ label: q.label, repo, raw: rawFigure, plans, rows });
      opts.progress(`  large lists: ${q.label}: p50 ${repo.p50.toFixed(1)} ms, p99 ${repo.p99.toFixed(1)} ms`);
    }
    return { tasks: opts.tasks, cases: opts.cases, seedSeconds, figures };
  } finally {
    await db.drop();
  }
}

export function formatLargeLists(r: LargeListResult, iterations: number): string[] {
  const lines = [
    `lists at scale on PostgreSQL (throw-away database: ${r.tasks.toLocaleString('en')} tasks, ${r.cases.toLocaleString('en')} cases, 40 organ committees × 25 branches, 5,000 users; seeded in ${r.seedSeconds.toFixed(0)} s; ${iterations} runs each, one at a time; goal p99 ≤ 20 ms):`,
  ];
  for (const f of r.figures) {
    lines.push(
      `  ${f.label}: p50 ${f.repo.p50.toFixed(1)} ms, p99 ${f.repo.p99.toFixed(1)} ms (${f.rows} rows); raw SQL p50 ${f.raw.p50.toFixed(1)} ms, p99 ${f.raw.p99.toFixed(1)} ms; ratio p50 ${(f.repo.p50 / f.raw.p50).toFixed(1)}x, p99 ${(f.repo.p99 / f.raw.p99).toFixed(1)}x`,
    );
    for (const plan of f.plans) lines.push(`      EXPLAIN ${plan}`);
  }
  return lines;
}
