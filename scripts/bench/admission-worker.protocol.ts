/** Messages between the bench and the worker process it measures (admission-worker.child.ts), over the fork IPC channel. */

export interface WorkerChildConfig {
  /** Temporal dev server frontend host:port */
  address: string;
  namespace: string;
  taskQueue: string;
  /** postgres://… of a throw-away database; null → in-memory PGlite inside the worker process */
  databaseUrl: string | null;
  /** applicant rows to seed: admissionPersonId(run, 0..applicants-1) */
  run: string;
  applicants: number;
  /** sticky cache size; null → the SDK default, as apps/worker/src/main.ts runs */
  maxCachedWorkflows: number | null;
  /** prebuilt workflow bundle (as the production worker loads dist/workflow-bundle.js) */
  bundlePath: string;
}

export interface WorkerMemory {
  /** bytes, after full GCs of the main isolate and of the SDK's workflow threads */
  rss: number;
  /** main isolate: activities, SDK, database driver */
  heapUsed: number;
  heapTotal: number;
  external: number;
  /** the SDK's workflow worker threads (where the cached workflows live), summed */
  workflowThreads: number;
  workflowHeapUsed: number;
  workflowHeapTotal: number;
  /** peak resident set size of the process so far (bytes) */
  maxRss: number;
}

export interface WorkerReady {
  /** sticky cache size in force (Worker option maxCachedWorkflows) */
  maxCachedWorkflows: number;
  /** V8 heap limit of the main isolate, from which the SDK derives the default cache size */
  heapLimitBytes: number;
  databaseKind: 'postgres' | 'pglite';
  pid: number;
}

export interface WorkerChildStatus {
  /** admission cases of this run with their E2 task open in the inbox projection */
  parked: number;
  numCachedWorkflows: number;
  numInFlightWorkflowActivations: number;
  numInFlightActivities: number;
}

export type ChildRequest =
  | { id: number; type: 'start'; config: WorkerChildConfig }
  | { id: number; type: 'status'; casePrefix: string }
  | { id: number; type: 'measure' }
  | { id: number; type: 'stop' };

export type ChildReply =
  | { id: number; ok: true; value: WorkerReady | WorkerChildStatus | WorkerMemory | null }
  | { id: number; ok: false; error: string };

/** A request before the channel numbers it. */
export type ChildRequestBody = ChildRequest extends infer R ? (R extends ChildRequest ? Omit<R, 'id'> : never) : never;
