import { Session } from 'node:inspector';
import { getHeapStatistics } from 'node:v8';
import { and, count, eq, like } from 'drizzle-orm';
import { startWorkerInProcess, type RunningWorker } from '../../apps/worker/src';
import { openDatabase, seedDemoData, tasks, type Database } from '../../libs/db';
import { seedApplicants } from './admission.driver';
import type {
  ChildReply,
  ChildRequest,
  WorkerChildConfig,
  WorkerChildStatus,
  WorkerMemory,
  WorkerReady,
} from './admission-worker.protocol';
import { installQuietTemporalRuntime } from './temporal-log';

/**
 * The Branchflow worker in a process of its own, so that its resident memory is measured without the bench driver,
 * the API or the dev server: real activities, prebuilt workflow bundle, default worker options except the sticky cache
 * size when the bench sets one (apps/worker/src/main.ts runs with the SDK's default). Forked by admission-memory.scenario.ts with
 * --expose-gc; answers requests over the IPC channel.
 */

let database: Database | undefined;
let worker: RunningWorker | undefined;

async function start(config: WorkerChildConfig): Promise<WorkerReady> {
  installQuietTemporalRuntime();
  database = config.databaseUrl
    ? await openDatabase({ url: config.databaseUrl })
    : await openDatabase({ pgliteDir: 'memory://' });
  await seedDemoData(database);
  await seedApplicants(database, config.run, config.applicants);
  worker = await startWorkerInProcess({
    database,
    mailer: null,
    mailFrom: 'Branchflow bench <bench@branchflow.local>',
    webBaseUrl: 'http://127.0.0.1',
    temporal: { address: config.address, namespace: config.namespace, taskQueue: config.taskQueue },
    workflowBundle: { codePath: config.bundlePath },
    bootstrapTermClocks: false,
    ...(config.maxCachedWorkflows !== null ? { maxCachedWorkflows: config.maxCachedWorkflows } : {}),
  });
  return {
    maxCachedWorkflows: worker.worker.options.maxCachedWorkflows,
    heapLimitBytes: getHeapStatistics().heap_size_limit,
    databaseKind: database.kind,
    pid: process.pid,
  };
}

async function status(casePrefix: string): Promise<WorkerChildStatus> {
  if (!database || !worker) throw new Error('worker not started');
  const [row] = await database.db
    .select({ n: count() })
    .from(tasks)
    .where(and(eq(tasks.step, 'E2'), eq(tasks.status, 'open'), like(tasks.caseId, `${casePrefix}%`)));
  const s = worker.worker.getStatus();
  return {
    parked: row?.n ?? 0,
    numCachedWorkflows: s.numCachedWorkflows,
    numInFlightWorkflowActivations: s.numInFlightWorkflowActivations,
    numInFlightActivities: s.numInFlightActivities,
  };
}

/**
 * Full GC and heap usage of every worker thread (the SDK runs workflow code in worker threads, out of reach of the
 * main isolate's gc()), through the inspector's NodeWorker domain; attached only while measuring.
 */
async function collectWorkerThreads(): Promise<{ threads: number; usedSize: number; totalSize: number }> {
  const session = new Session();
  session.connect();
  const sessions: string[] = [];
  const pending = new Map<number, (result: unknown) => void>();
  let next = 0;
  session.on('NodeWorker.attachedToWorker', (m: { params: { sessionId: string } }) =>
    sessions.push(m.params.sessionId),
  );
  session.on('NodeWorker.receivedMessageFromWorker', (m: { params: { message: string } }) => {
    const msg = JSON.parse(m.params.message) as { id?: number; result?: unknown };
    const resolve = msg.id !== undefined ? pending.get(msg.id) : undefined;
    if (!resolve) return;
    pending.delete(msg.id!);
    resolve(msg.result);
  });
  const post = (method: string, params: object) =>
    new Promise<void>((resolve, reject) => session.post(method, params, (err) => (err ? reject(err) : resolve())));
  const call = <T>(sessionId: string, method: string) =>
    new Promise<T>((resolve) => {
      next += 1;
      pending.set(next, resolve as (result: unknown) => void);
      session.post('NodeWorker.sendMessageToWorker', { sessionId, message: JSON.stringify({ id: next, method }) });
    });
  try {
    await post('NodeWorker.enable', { waitForDebuggerOnStart: false });
    await new Promise((r) => setTimeout(r, 200)); // attach events of the running threads
    const out = { threads: sessions.length, usedSize: 0, totalSize: 0 };
    for (const id of sessions) {
      await call(id, 'HeapProfiler.collectGarbage');
      await call(id, 'HeapProfiler.collectGarbage');
      const usage = await call<{ usedSize: number; totalSize: number }>(id, 'Runtime.getHeapUsage');
      out.usedSize += usage.usedSize;
      out.totalSize += usage.totalSize;
    }
    await post('NodeWorker.disable', {});
    return out;
  } finally {
    session.disconnect();
  }
}

async function measure(): Promise<WorkerMemory> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('the worker process needs --expose-gc');
  const threads = await collectWorkerThreads();
  for (let i = 0; i < 2; i += 1) {
    gc();
    await new Promise((r) => setTimeout(r, 50));
  }
  const m = process.memoryUsage();
  return {
    rss: m.rss,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
    workflowThreads: threads.threads,
    workflowHeapUsed: threads.usedSize,
    workflowHeapTotal: threads.totalSize,
    maxRss: process.resourceUsage().maxRSS * 1024,
  };
}

let stopping: Promise<null> | undefined;
function stop(): Promise<null> {
  stopping ??= (async () => {
    await worker?.stop();
    await database?.close();
    return null;
  })();
  return stopping;
}

function handle(req: ChildRequest): Promise<WorkerReady | WorkerChildStatus | WorkerMemory | null> {
  switch (req.type) {
    case 'start':
      return start(req.config);
    case 'status':
      return status(req.casePrefix);
    case 'measure':
      return measure();
    case 'stop':
      return stop();
  }
}

process.on('message', (req: ChildRequest) => {
  handle(req).then(
    (value) => process.send?.({ id: req.id, ok: true, value } as ChildReply),
    (err: unknown) =>
      process.send?.({
        id: req.id,
        ok: false,
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      } as ChildReply),
  );
});
process.on('disconnect', () => {
  // The bench is done (or went away): stop polling and leave.
  stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
