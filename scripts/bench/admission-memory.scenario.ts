import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { openTestDatabase, TEST_PG_ADMIN_URL, type TestDatabase } from '../../libs/db';
import { admissionCaseIdPrefix, admissionInput, admissionPersonId, startAdmissionCase } from './admission.driver';
import type {
  ChildReply,
  ChildRequest,
  ChildRequestBody,
  WorkerChildConfig,
  WorkerChildStatus,
  WorkerMemory,
  WorkerReady,
} from './admission-worker.protocol';
import { elapsedSince, runLimited } from './stats';

export interface OpenCasesResult {
  cases: number;
  /** the cache size the bench asked for (null: SDK default) */
  requestedCache: number | null;
  concurrency: number;
  worker: WorkerReady;
  /** why the worker runs on PGlite instead of a throw-away PostgreSQL database (null when on PostgreSQL) */
  pgliteReason: string | null;
  /** worker running, no case yet */
  before: WorkerMemory;
  /** every case parked at E2 and the worker idle */
  after: WorkerMemory;
  /** all N start requests answered */
  startSeconds: number;
  /** first start → every case's E2 task in the inbox and the worker idle */
  parkedSeconds: number;
  final: WorkerChildStatus;
}

/** Request/answer over the fork IPC channel; a child that exits fails every pending request. */
class ChildWorker {
  private next = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    child.on('message', (reply: ChildReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.value);
      else waiting.reject(new Error(`worker process: ${reply.error}`));
    });
    this.exited = new Promise((resolve) =>
      child.on('exit', (code) => {
        for (const w of this.pending.values()) w.reject(new Error(`worker process exited with ${code}`));
        this.pending.clear();
        resolve(code);
      }),
    );
  }

  request<T>(req: ChildRequestBody): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ ...req, id } as ChildRequest);
    });
  }

  /** Graceful stop (worker shutdown, database closed), then the channel closes and the process exits. */
  async stop(graceMs = 60_000): Promise<void> {
    if (this.child.exitCode !== null) return;
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    try {
      await this.request({ type: 'stop' }).catch(() => undefined);
      if (this.child.connected) this.child.disconnect();
      await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Worker resident memory with N open admission cases waiting on timers (RULES §E step 2: the talk task with its
 * reminder and escalation timers). The worker runs in its own process (admission-worker.child.ts) against the bench's
 * Temporal dev server on a task queue of its own, with a throw-away PostgreSQL database (dropped at the end), or an
 * in-memory PGlite inside the worker process when PostgreSQL is unreachable. Starts go through the bench's client,
 * at most `concurrency` in flight. Memory is read after two full GCs, before the first start and once every case is
 * parked and the worker idle. The cases stay open on the in-memory dev server, which the bench tears down next.
 */
export async function measureOpenAdmissionCases(
  client: Client,
  opts: {
    address: string;
    namespace: string;
    cases: number;
    concurrency: number;
    /** null → the SDK default */
    maxCachedWorkflows: number | null;
    bundlePath: string;
    timeoutMs: number;
    progress: (line: string) => void;
  },
): Promise<OpenCasesResult> {
  const run = randomUUID().slice(0, 8);
  const taskQueue = `bench-admission-open-${run}`;
  let pg: TestDatabase | null = null;
  let pgliteReason: string | null = null;
  try {
    pg = await openTestDatabase('postgres');
  } catch (err) {
    pgliteReason = `PostgreSQL at ${TEST_PG_ADMIN_URL} unreachable: ${(err as Error).message.split('\n')[0]}`;
    opts.progress(`  ${pgliteReason}; the worker process uses an in-memory PGlite`);
  }
  const databaseUrl = pg ? withDatabase(TEST_PG_ADMIN_URL, pg.name) : null;
  const child = new ChildWorker(
    fork(require.resolve('./admission-worker.child'), [], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  try {
    const config: WorkerChildConfig = {
      address: opts.address,
      namespace: opts.namespace,
      taskQueue,
      databaseUrl,
      run,
      applicants: opts.cases,
      maxCachedWorkflows: opts.maxCachedWorkflows,
      bundlePath: opts.bundlePath,
    };
    const worker = await child.request<WorkerReady>({ type: 'start', config });
    await sleep(2_000); // let the pollers settle before the baseline
    const before = await child.request<WorkerMemory>({ type: 'measure' });
    opts.progress(
      `  worker process ${worker.pid} (${worker.databaseKind}) idle: rss ${mib(before.rss)}, workflow heap ${mib(before.workflowHeapUsed)}, sticky cache ${worker.maxCachedWorkflows}`,
    );

    const casePrefix = admissionCaseIdPrefix(run);
    const t0 = performance.now();
    let started = 0;
    await runLimited(opts.cases, opts.concurrency, async (i) => {
      await startAdmissionCase(client, taskQueue, admissionInput(admissionPersonId(run, i), `申请人${i + 1}`));
      started += 1;
      if (started % 1000 === 0) opts.progress(`  ${started} of ${opts.cases} started (${sec(elapsedSince(t0))})`);
    });
    const startSeconds = elapsedSince(t0) / 1000;

    // Parked: every E2 task in the inbox projection, and no workflow activation or activity in flight three polls running.
    let idlePolls = 0;
    let idleSince = 0;
    let last: WorkerChildStatus | undefined;
    let lastReport = 0;
    for (;;) {
      last = await child.request<WorkerChildStatus>({ type: 'status', casePrefix });
      const idle = last.numInFlightWorkflowActivations === 0 && last.numInFlightActivities === 0;
      idlePolls = last.parked === opts.cases && idle ? idlePolls + 1 : 0;
      if (idlePolls === 1) idleSince = elapsedSince(t0);
      if (idlePolls >= 3) break;
      if (elapsedSince(t0) > opts.timeoutMs) {
        throw new Error(`${last.parked} of ${opts.cases} cases parked after ${sec(opts.timeoutMs)}`);
      }
      if (elapsedSince(t0) - lastReport > 30_000) {
        lastReport = elapsedSince(t0);
        opts.progress(`  ${last.parked} of ${opts.cases} parked at E2 (${sec(lastReport)})`);
      }
      await sleep(idlePolls > 0 ? 500 : 1_000);
    }
    const parkedSeconds = idleSince / 1000; // the first of the three idle polls
    const after = await child.request<WorkerMemory>({ type: 'measure' });
    const final = await child.request<WorkerChildStatus>({ type: 'status', casePrefix });
    return {
      cases: opts.cases,
      requestedCache: opts.maxCachedWorkflows,
      concurrency: opts.concurrency,
      worker,
      pgliteReason,
      before,
      after,
      startSeconds,
      parkedSeconds,
      final,
    };
  } finally {
    await child.stop();
    await pg?.drop().catch((err: unknown) => opts.progress(`  dropping ${pg?.name} failed: ${String(err)}`));
  }
}

function withDatabase(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** The SDK's default maxCachedWorkflows with the reusable V8 context (@temporalio/worker worker-options.js). */
function defaultCache(heapLimitBytes: number): number {
  return Math.max(Math.floor((Math.max(heapLimitBytes / 1024 / 1024 - 200, 0) * 600) / 1024), 10);
}

function sec(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The figure lines of the scenario (bench output format: one labelled line per figure). */
export function formatOpenCases(r: OpenCasesResult): string[] {
  const delta = (from: number, to: number) =>
    `${mib(from)} → ${mib(to)} (${to >= from ? '+' : '−'}${mib(Math.abs(to - from))}, ${((to - from) / r.cases / 1024).toFixed(1)} KiB per case)`;
  const db = r.pgliteReason
    ? `in-memory PGlite inside the worker process (${r.pgliteReason})`
    : 'throw-away PostgreSQL database';
  const cache = r.worker.maxCachedWorkflows;
  const cached = r.final.numCachedWorkflows;
  return [
    `${r.cases} open admission cases waiting on timers (RULES §E step 2 talk task with its reminder and escalation timers; worker in its own process with real activities on a ${db}; Temporal dev server; memory after full GCs of every isolate):`,
    `  worker RSS: ${delta(r.before.rss, r.after.rss)}; peak RSS ${mib(r.after.maxRss)}`,
    `  V8 heap used: workflow thread${r.after.workflowThreads === 1 ? '' : `s (${r.after.workflowThreads})`} ${delta(r.before.workflowHeapUsed, r.after.workflowHeapUsed)}; main thread (activities, SDK, database driver) ${delta(r.before.heapUsed, r.after.heapUsed)}`,
    `  sticky cache: maxCachedWorkflows ${cache} (${r.requestedCache === null ? `SDK default from the ${mib(r.worker.heapLimitBytes)} heap limit; apps/worker bounds it with WORKER_MAX_CACHED_WORKFLOWS, default 500` : `BENCH_ADMISSION_MAX_CACHED; apps/worker uses WORKER_MAX_CACHED_WORKFLOWS, default 500; the SDK default here would be ${defaultCache(r.worker.heapLimitBytes)} from the ${mib(r.worker.heapLimitBytes)} heap limit`}), ${cached} workflows cached at the end${cached < r.cases ? ` (${((r.after.workflowHeapUsed - r.before.workflowHeapUsed) / cached / 1024).toFixed(1)} KiB of workflow heap per cached workflow; the other ${r.cases - cached} were evicted and replay from history on their next timer or decision)` : ''}`,
    `  starts: ${(r.cases / r.startSeconds).toFixed(1)}/s (${r.cases} in ${r.startSeconds.toFixed(1)} s, concurrency ${r.concurrency}); all parked at E2 with the worker idle after ${r.parkedSeconds.toFixed(1)} s (${(r.cases / r.parkedSeconds).toFixed(1)} cases/s)`,
  ];
}
