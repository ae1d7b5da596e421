import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { InboxRepository, type Database } from '../../libs/db';
import { launchChromium } from '../browser/chromium';
import {
  ACTOR_IDS,
  decide,
  submitCase,
  waitForElectionChild,
  waitForInboxTask,
  C4_PAYLOAD,
} from './establishment.driver';
import { ApiUser } from './http-client';
import { repoRoot } from './stack';
import { summarize } from './stats';

/** apps/web/dist/.vite/manifest.json entries (Vite's build manifest). */
interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

export interface BundleFigures {
  /** gzip bytes of the entry chunk and everything it imports statically: what every first load fetches */
  initialGzip: number;
  /** the inbox route's own chunks on top of the initial load */
  inboxRouteGzip: number;
  /** the largest lazily loaded chunks (route, gzip bytes) */
  largestLazy: { name: string; gzip: number }[];
  totalGzip: number;
}

const distDir = () => resolve(repoRoot(), 'apps/web/dist');

/** Gzip sizes from the build manifest: the initial JavaScript and the route chunks loaded later. */
export function measureBundle(): BundleFigures {
  const manifestPath = resolve(distDir(), '.vite/manifest.json');
  if (!existsSync(manifestPath)) throw new Error(`${manifestPath} missing: run bash scripts/build-web.sh`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, ManifestChunk>;
  const gzip = new Map<string, number>();
  const sizeOf = (file: string) => {
    if (!gzip.has(file)) gzip.set(file, gzipSync(readFileSync(resolve(distDir(), file)), { level: 9 }).length);
    return gzip.get(file)!;
  };
  const closure = (keys: string[], seen = new Set<string>()): Set<string> => {
    for (const key of keys) {
      if (seen.has(key)) continue;
      seen.add(key);
      closure(manifest[key]?.imports ?? [], seen);
    }
    return seen;
  };
  const entryKeys = Object.keys(manifest).filter((k) => manifest[k]!.isEntry);
  const initial = closure(entryKeys);
  const sum = (keys: Iterable<string>) => [...keys].reduce((n, k) => n + sizeOf(manifest[k]!.file), 0);
  const inboxKey = Object.keys(manifest).find((k) => k.endsWith('features/inbox/InboxPage.tsx'));
  const inbox = inboxKey ? [...closure([inboxKey])].filter((k) => !initial.has(k)) : [];
  const lazy = Object.keys(manifest)
    .filter((k) => !initial.has(k) && manifest[k]!.file.endsWith('.js'))
    .map((k) => ({ name: k.replace(/^.*\//, ''), gzip: sizeOf(manifest[k]!.file) }))
    .sort((a, b) => b.gzip - a.gzip);
  return {
    initialGzip: sum(initial),
    inboxRouteGzip: sum(inbox),
    largestLazy: lazy.slice(0, 3),
    totalGzip: sum(Object.keys(manifest).filter((k) => manifest[k]!.file.endsWith('.js'))),
  };
}

/** Open tasks in the party group's inbox (RULES §C.1 C2 shape), so the inbox lists `count` rows. */
export async function seedInboxRows(database: Database, count: number): Promise<void> {
  const inbox = new InboxRepository(database);
  const now = Date.now();
  for (let i = 0; i < count; i++) {
    const orgId = `org-bench-${String(i).padStart(4, '0')}`;
    await inbox.upsertTask({
      taskId: `bench-inbox-${i}`,
      caseId: `establishment:${orgId}`,
      procedure: 'establishment',
      orgId,
      orgPath: [orgId, 'org-edu-oc', 'org-wc'],
      caseTitle: `成立测试党支部${i + 1}`,
      step: 'C2',
      kind: 'approval',
      title: `党组研究决定：测试党支部${i + 1}`,
      titleEn: `Party group decision: test branch ${i + 1}`,
      assignedBodyId: 'pg-edu',
      assigneeUserIds: [],
      createdAt: new Date(now - i * 60_000).toISOString(),
      dueAt: new Date(now + (i - 50) * 3_600_000).toISOString(),
      status: 'open',
      outcome: null,
      decidedBy: null,
      decidedAt: null,
      comment: null,
      remindedAt: null,
      escalatedToBodyId: null,
      escalatedAt: null,
    });
  }
}

export interface FrameFigures {
  frames: number;
  p50: number;
  p95: number;
  max: number;
  /** frames longer than 50 ms (visible stutter) */
  long: number;
}

/** Scrolls `selector` from top to bottom in steps, one per animation frame, and measures the frame intervals. */
async function scrollFrames(page: Page, selector: string, steps = 150): Promise<FrameFigures> {
  // runs in the page (browser globals), so it is sent as source text
  const intervals = await page.evaluate<number[]>(`new Promise((done, fail) => {
    const el = document.querySelector(${JSON.stringify(selector)});
    if (!el) return fail(new Error('no ' + ${JSON.stringify(selector)}));
    const n = ${steps};
    const stride = Math.max(1, (el.scrollHeight - el.clientHeight) / n);
    const out = [];
    let last = performance.now();
    let i = 0;
    const tick = (t) => {
      out.push(t - last);
      last = t;
      el.scrollTop = Math.min(el.scrollHeight, (i + 1) * stride);
      i += 1;
      if (i <= n) requestAnimationFrame(tick);
      else done(out.slice(1));
    };
    requestAnimationFrame(tick);
  })`);
  const sorted = [...intervals].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    frames: intervals.length,
    p50: at(0.5),
    p95: at(0.95),
    max: sorted.at(-1) ?? 0,
    long: intervals.filter((v) => v > 50).length,
  };
}

export interface ConsoleFigures {
  bundle: BundleFigures;
  /** first load of the inbox with `rows` tasks, cold browser each time: ms until the first row is on screen */
  firstLoad: { rows: number; samples: number[]; domContentLoaded: number[] };
  inboxScroll: FrameFigures;
  ballotGrid: { rows: number; addMs: number; scroll: FrameFigures; keystrokeMs: number } | null;
}

async function signedInPage(baseUrl: string, userId: string) {
  const token = (await (
    await fetch(`${baseUrl}/api/auth/dev-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId }),
    })
  ).json()) as { accessToken: string };
  const browser = await launchChromium();
  await browser.context.addInitScript(
    `sessionStorage.setItem('branchflow.devToken', ${JSON.stringify(token.accessToken)}); sessionStorage.setItem('branchflow.signInMode', 'dev');`,
  );
  const page = await browser.context.newPage();
  return { browser, page };
}

/**
 * The console's figures (issue 9, measured here, not asserted in tests): the initial JavaScript by gzip size, the first
 * load of the inbox on localhost with `rows` tasks (a cold browser per sample), scrolling the virtualized inbox, and
 * the tellers' ballot grid grown to 1,000 rows (adding, scrolling, one keystroke).
 */
export async function measureConsole(
  baseUrl: string,
  database: Database,
  opts: { rows: number; samples: number; ballotRows: number; progress: (m: string) => void },
): Promise<ConsoleFigures> {
  const bundle = measureBundle();
  opts.progress(`console: seeding ${opts.rows} open tasks into one inbox`);
  await seedInboxRows(database, opts.rows);
  const firstLoad: ConsoleFigures['firstLoad'] = { rows: opts.rows, samples: [], domContentLoaded: [] };
  let inboxScroll: FrameFigures | null = null;
  for (let i = 0; i < opts.samples; i++) {
    const { browser, page } = await signedInPage(baseUrl, ACTOR_IDS.partyGroup);
    try {
      const started = Date.now();
      await page.goto(`${baseUrl}/inbox`);
      await page
        .getByRole('link', { name: /党组研究决定：测试党支部/ })
        .first()
        .waitFor();
      firstLoad.samples.push(Date.now() - started);
      firstLoad.domContentLoaded.push(
        await page.evaluate<number>(
          `(() => { const n = performance.getEntriesByType('navigation')[0]; return n ? n.domContentLoadedEventEnd : 0; })()`,
        ),
      );
      if (process.env.BENCH_CONSOLE_TRACE === '1') {
        // where the first load spends its time: each resource's start and end after navigation start
        const entries = await page.evaluate<{ name: string; start: number; end: number; size: number }[]>(
          `performance.getEntriesByType('resource').map((e) => ({ name: e.name.replace(location.origin, ''), start: Math.round(e.startTime), end: Math.round(e.responseEnd), size: e.encodedBodySize }))`,
        );
        for (const e of entries) opts.progress(`  trace ${e.start}–${e.end} ms ${e.size} B ${e.name}`);
        opts.progress(`  trace first row at ${firstLoad.samples.at(-1)} ms`);
      }
      if (i === opts.samples - 1) inboxScroll = await scrollFrames(page, '.ant-table-tbody-virtual-holder');
    } finally {
      await browser.close();
    }
  }

  let ballotGrid: ConsoleFigures['ballotGrid'] = null;
  if (opts.ballotRows > 0) {
    opts.progress('console: an establishment case to an open ballot round (HTTP), then the grid in Chromium');
    const clerk = await ApiUser.signIn(baseUrl, ACTOR_IDS.clerk);
    const group = await ApiUser.signIn(baseUrl, ACTOR_IDS.partyGroup);
    const committee = await ApiUser.signIn(baseUrl, ACTOR_IDS.workCommittee);
    const started = await submitCase(clerk);
    const c2 = await waitForInboxTask(group, started.caseId, 'C2', 20);
    await decide(group, started.caseId, c2.taskId, { outcome: 'approve' });
    const c4 = await waitForInboxTask(clerk, started.caseId, 'C4', 20);
    await decide(clerk, started.caseId, c4.taskId, { outcome: 'submit', payload: C4_PAYLOAD });
    const c5 = await waitForInboxTask(committee, started.caseId, 'C5', 20);
    await decide(committee, started.caseId, c5.taskId, { outcome: 'approve' });
    await waitForElectionChild(clerk, started.caseId, 20);
    const election = `/api/cases/${encodeURIComponent(started.caseId)}/election`;
    const due = await clerk.post<{ voters: { personId: string; standing: string }[] }>(`${election}/quorum`, {
      meetingDate: '2026-11-15',
    });
    await clerk.post(`${election}/meetings`, {
      meetingDate: '2026-11-15',
      presentVoterIds: due.voters.filter((v) => v.standing === 'due').map((v) => v.personId),
    });
    const { browser, page } = await signedInPage(baseUrl, ACTOR_IDS.clerk);
    try {
      await page.goto(`${baseUrl}/cases/${encodeURIComponent(started.caseId)}/election`);
      await page.getByRole('grid', { name: '选票录入' }).waitFor();
      await page.getByLabel('批量新增', { exact: true }).fill(String(opts.ballotRows - 1));
      const addStarted = Date.now();
      await page.getByRole('button', { name: '批量新增' }).click();
      await page
        .getByTestId('save-ballots')
        .filter({ hasText: `（${opts.ballotRows}）` })
        .waitFor();
      const addMs = Date.now() - addStarted;
      const scroll = await scrollFrames(page, '[role="grid"] > div:nth-child(2)');
      const cell = page.locator('input[data-cell="0:0"]');
      await page.evaluate(`document.querySelector('[role="grid"] > div:nth-child(2)').scrollTop = 0`);
      await cell.focus();
      const keyStarted = Date.now();
      await page.keyboard.press('1');
      await page.locator('input[data-cell="0:0"][value="1"]').waitFor();
      ballotGrid = { rows: opts.ballotRows, addMs, scroll, keystrokeMs: Date.now() - keyStarted };
    } finally {
      await browser.close();
    }
  }
  return { bundle, firstLoad, inboxScroll: inboxScroll!, ballotGrid };
}

export function formatConsole(f: ConsoleFigures): string[] {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const frames = (x: FrameFigures) =>
    `${x.frames} frames, frame time p50 ${x.p50.toFixed(1)} ms, p95 ${x.p95.toFixed(1)} ms, max ${x.max.toFixed(1)} ms, ${x.long} over 50 ms`;
  const load = summarize(f.firstLoad.samples);
  return [
    `web console (apps/web, Chromium headless on 127.0.0.1; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on this machine when done):`,
    `  initial JavaScript (entry and its static imports): ${kb(f.bundle.initialGzip)} gzip (budget 350 KB); the inbox route adds ${kb(f.bundle.inboxRouteGzip)}; all chunks ${kb(f.bundle.totalGzip)}`,
    `  largest lazy chunks: ${f.bundle.largestLazy.map((c) => `${c.name} ${kb(c.gzip)}`).join(', ')}`,
    `  first load of the inbox with ${f.firstLoad.rows} open tasks, cold browser, until the first row shows: median ${load.p50.toFixed(0)} ms, max ${load.max.toFixed(0)} ms over ${f.firstLoad.samples.length} loads (DOMContentLoaded median ${summarize(f.firstLoad.domContentLoaded).p50.toFixed(0)} ms)`,
    `  scrolling the virtualized inbox (${f.firstLoad.rows} rows) top to bottom: ${frames(f.inboxScroll)}`,
    ...(f.ballotGrid
      ? [
          `  ballot grid grown to ${f.ballotGrid.rows} rows in ${f.ballotGrid.addMs} ms; scrolling it: ${frames(f.ballotGrid.scroll)}; one keystroke to its cell: ${f.ballotGrid.keystrokeMs} ms`,
        ]
      : []),
  ];
}
