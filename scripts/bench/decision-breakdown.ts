import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { CaseGateway } from '../../apps/api/src/cases/case.gateway';
import type { Database } from '../../libs/db';
import { decide, submitCase, waitForInboxTask, withdraw, type CaseActors } from './establishment.driver';
import { percentile } from './stats';

/**
 * Where the milliseconds of one decision go (issue 12). The bench process holds the API, the worker and the database,
 * so it can time each side: the API's pre-checks and the update call (CaseGateway.update, wrapped), the database's
 * busy time (the driver's query entry points, wrapped), and the server's own timestamps of the workflow tasks and the
 * projection activity (the case's history). One decision at a time, so every interval belongs to one decision.
 */

/** Busy time of the database driver, split by what the bench process was doing when the query ran. */
export class DbClock {
  private active = 0;
  private since = 0;
  phase: 'api' | 'update' | 'read' | null = null;
  private startedIn: DbClock['phase'] = null;
  readonly totals = { api: 0, update: 0, read: 0 };

  install(database: Database): void {
    const raw = database as unknown as { client?: Record<string, unknown>; pool?: Record<string, unknown> };
    const target = raw.client ?? raw.pool;
    if (!target) return;
    for (const name of ['query', 'exec', 'transaction']) this.wrap(target, name);
    // node-postgres transactions run on a client checked out of the pool
    if (raw.pool && typeof raw.pool.connect === 'function') {
      const connect = (raw.pool.connect as (...a: unknown[]) => unknown).bind(raw.pool);
      const wrapped = new WeakSet<object>();
      const wrapClient = (client: unknown) => {
        if (client && typeof client === 'object' && !wrapped.has(client)) {
          wrapped.add(client);
          // a client still checked out when the throw-away database is dropped must not crash the bench
          (client as { on?: (event: string, fn: () => void) => void }).on?.('error', () => undefined);
          this.wrap(client as Record<string, unknown>, 'query');
        }
      };
      raw.pool.connect = (...args: unknown[]) => {
        const [callback] = args;
        if (typeof callback === 'function') {
          return connect((err: unknown, client: unknown, release: unknown) => {
            wrapClient(client);
            (callback as (...a: unknown[]) => void)(err, client, release);
          });
        }
        return (connect() as Promise<unknown>).then((client) => {
          wrapClient(client);
          return client;
        });
      };
    }
  }

  private wrap(target: Record<string, unknown>, name: string): void {
    const original = target[name];
    if (typeof original !== 'function') return;
    const fn = (original as (...a: unknown[]) => unknown).bind(target);
    target[name] = (...args: unknown[]) => {
      this.enter();
      let result: unknown;
      try {
        result = fn(...args);
      } catch (err) {
        this.leave();
        throw err;
      }
      if (result instanceof Promise) {
        return result.finally(() => this.leave());
      }
      this.leave();
      return result;
    };
  }

  private enter(): void {
    if (this.active++ === 0) {
      this.since = performance.now();
      this.startedIn = this.phase;
    }
  }

  private leave(): void {
    if (--this.active === 0 && this.startedIn) this.totals[this.startedIn] += performance.now() - this.since;
  }

  reset(): void {
    this.totals.api = 0;
    this.totals.update = 0;
    this.totals.read = 0;
  }
}

/** Wall-clock instants (ms since epoch, fractional) of the API's update call, set by the CaseGateway wrapper. */
const gatewayMarks: { enter: number; exit: number } = { enter: 0, exit: 0 };
let gatewayWrapped = false;
let dbClock: DbClock | null = null;

function wallNow(): number {
  return performance.timeOrigin + performance.now();
}

function wrapGateway(): void {
  if (gatewayWrapped) return;
  gatewayWrapped = true;
  const proto = CaseGateway.prototype as unknown as { update: (...a: unknown[]) => Promise<unknown> };
  const original = proto.update;
  proto.update = async function (this: unknown, ...args: unknown[]) {
    gatewayMarks.enter = wallNow();
    if (dbClock) dbClock.phase = 'update';
    try {
      return await original.apply(this, args);
    } finally {
      gatewayMarks.exit = wallNow();
      // what runs after the answer (the email delivery activity, the outbox) belongs to no segment
      if (dbClock) dbClock.phase = null;
    }
  };
}

export const SEGMENTS = [
  ['http', 'HTTP in and API pre-checks (token, validation, inbox row, idempotency)'],
  ['apiDb', '  of which database reads'],
  ['delivery', 'update delivery (API → Temporal → workflow task started)'],
  ['wft1', 'workflow task: validator, handler, projection scheduled'],
  ['actDispatch', 'projection activity dispatch (scheduled → started)'],
  ['actRun', 'projection activity run (started → completed)'],
  ['wft2', 'workflow task after the projection (completed → update completed)'],
  ['projDb', '  database writes during the update (projection, outbox)'],
  ['answer', 'update answer back to the API'],
  ['httpOut', 'API answer out'],
  ['post', '= POST decision answered (client)'],
  ['inbox', 'inbox read of the next actor (GET /api/inbox?caseId=)'],
  ['readDb', '  of which database'],
] as const;

export type Segment = (typeof SEGMENTS)[number][0];
export type Breakdown = Record<Segment, number[]> & { localActivity: number };

function toMs(ts: temporal.api.history.v1.IHistoryEvent['eventTime']): number {
  if (!ts) return NaN;
  return Number(ts.seconds ?? 0) * 1000 + (ts.nanos ?? 0) / 1e6;
}

interface UpdateTimes {
  wft1Started: number;
  wft1Completed: number;
  actScheduled?: number;
  actStarted?: number;
  actCompleted?: number;
  updateCompleted: number;
}

/** Server timestamps around the first update of a history (the decision measured on that case). */
function updateTimes(events: temporal.api.history.v1.IHistoryEvent[]): UpdateTimes | null {
  const accepted = events.findIndex((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
  if (accepted < 0) return null;
  let wft1Started = NaN;
  let wft1Completed = NaN;
  for (let i = accepted - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.workflowTaskCompletedEventAttributes && Number.isNaN(wft1Completed)) wft1Completed = toMs(e.eventTime);
    if (e.workflowTaskStartedEventAttributes) {
      wft1Started = toMs(e.eventTime);
      break;
    }
  }
  // the accepted event is written with the completion of the workflow task that ran the validator
  if (Number.isNaN(wft1Completed)) wft1Completed = toMs(events[accepted]!.eventTime);
  const completedAt = events.findIndex((e, i) => i > accepted && e.workflowExecutionUpdateCompletedEventAttributes);
  if (completedAt < 0) return null;
  const times: UpdateTimes = { wft1Started, wft1Completed, updateCompleted: toMs(events[completedAt]!.eventTime) };
  const scheduled = events.findIndex(
    (e, i) =>
      i > accepted &&
      i < completedAt &&
      e.activityTaskScheduledEventAttributes?.activityType?.name === 'applyProjections',
  );
  if (scheduled >= 0) {
    const id = events[scheduled]!.eventId;
    times.actScheduled = toMs(events[scheduled]!.eventTime);
    for (const e of events.slice(scheduled + 1, completedAt + 1)) {
      if (String(e.activityTaskStartedEventAttributes?.scheduledEventId) === String(id))
        times.actStarted = toMs(e.eventTime);
      if (String(e.activityTaskCompletedEventAttributes?.scheduledEventId) === String(id))
        times.actCompleted = toMs(e.eventTime);
    }
  }
  return times;
}

/**
 * `samples` C2 approvals, one at a time, each on a fresh case (submitted and withdrawn around it): the client's
 * timings, the gateway's marks and the database's busy time per decision, then the server's timestamps from history.
 */
export async function measureDecisionBreakdown(
  client: Client,
  database: Database,
  actors: CaseActors,
  opts: { samples: number; warmup: number; pollIntervalMs: number },
): Promise<Breakdown> {
  wrapGateway();
  const clock = new DbClock();
  clock.install(database);
  dbClock = clock;
  const out = Object.fromEntries(SEGMENTS.map(([k]) => [k, [] as number[]])) as unknown as Breakdown;
  out.localActivity = 0;
  try {
    for (let i = 0; i < opts.warmup + opts.samples; i++) {
      const { caseId } = await submitCase(actors.clerk);
      const c2 = await waitForInboxTask(actors.partyGroup, caseId, 'C2', opts.pollIntervalMs);
      clock.reset();
      clock.phase = 'api';
      const t0 = wallNow();
      await decide(actors.partyGroup, caseId, c2.taskId, { outcome: 'approve' });
      const t1 = wallNow();
      clock.phase = 'read';
      await waitForInboxTask(actors.clerk, caseId, 'C4', opts.pollIntervalMs);
      const t2 = wallNow();
      clock.phase = null;
      const marks = { ...gatewayMarks };
      const db = { ...clock.totals };
      await withdraw(actors.clerk, caseId);
      if (i < opts.warmup) continue;
      const events = (await client.workflow.getHandle(caseId).fetchHistory()).events ?? [];
      const times = updateTimes(events);
      if (!times) throw new Error(`${caseId}: no completed update in its history`);
      out.http.push(marks.enter - t0);
      out.apiDb.push(db.api);
      out.delivery.push(times.wft1Started - marks.enter);
      if (times.actScheduled !== undefined && times.actStarted !== undefined && times.actCompleted !== undefined) {
        out.wft1.push(times.wft1Completed - times.wft1Started);
        out.actDispatch.push(times.actStarted - times.actScheduled);
        out.actRun.push(times.actCompleted - times.actStarted);
        out.wft2.push(times.updateCompleted - times.actCompleted);
      } else {
        // the projection ran as a local activity inside the workflow task (no activity events)
        out.localActivity += 1;
        out.wft1.push(times.updateCompleted - times.wft1Started);
        out.actDispatch.push(0);
        out.actRun.push(0);
        out.wft2.push(0);
      }
      out.projDb.push(db.update);
      out.answer.push(marks.exit - times.updateCompleted);
      out.httpOut.push(t1 - marks.exit);
      out.post.push(t1 - t0);
      out.inbox.push(t2 - t1);
      out.readDb.push(db.read);
    }
  } finally {
    dbClock = null;
  }
  return out;
}

export function formatBreakdown(label: string, b: Breakdown): string[] {
  const lines = [`${label} (p50 / p99 per segment, n=${b.post.length}):`];
  for (const [key, text] of SEGMENTS) {
    const s = b[key];
    if (s.length === 0) continue;
    lines.push(
      `  ${text.padEnd(78)} ${percentile(s, 50).toFixed(1).padStart(7)} / ${percentile(s, 99).toFixed(1).padStart(7)} ms`,
    );
  }
  if (b.localActivity > 0) lines.push(`  (projection as a local activity in ${b.localActivity} of ${b.post.length})`);
  return lines;
}
