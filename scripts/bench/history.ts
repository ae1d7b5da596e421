import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

/** Size of one workflow execution's event history as the server hands it out. */
export interface HistorySize {
  workflowId: string;
  events: number;
  /** bytes of `temporal.api.history.v1.History` encoded as protobuf (the wire and storage format) */
  protoBytes: number;
}

/** A case's own history and the histories of the child workflows it started (e.g. its election meetings). */
export interface CaseHistorySize {
  parent: HistorySize;
  children: HistorySize[];
}

/** Fetches the full history of `workflowId` (its latest run, or `runId`; paged by the client) and measures it. */
export async function historySize(client: Client, workflowId: string, runId?: string): Promise<HistorySize> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  return {
    workflowId,
    events: history.events?.length ?? 0,
    protoBytes: temporal.api.history.v1.History.encode(history).finish().length,
  };
}

/** Child workflow ids in the order the parent started them, read from its history (ChildWorkflowExecutionStarted). */
async function childIds(client: Client, workflowId: string): Promise<string[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const ids: string[] = [];
  for (const event of history.events ?? []) {
    const id = event.childWorkflowExecutionStartedEventAttributes?.workflowExecution?.workflowId;
    if (id && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

export async function caseHistorySize(client: Client, caseId: string): Promise<CaseHistorySize> {
  const parent = await historySize(client, caseId);
  const children: HistorySize[] = [];
  for (const id of await childIds(client, caseId)) children.push(await historySize(client, id));
  return { parent, children };
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

export function formatHistory(h: HistorySize): string {
  return `${h.events} events, ${h.protoBytes} bytes (${kb(h.protoBytes)})`;
}

/** The term clock a completed case starts (RULES §B.2) is its child but outlives it: shown, not counted in the total. */
const outlivesCase = (workflowId: string) => workflowId.startsWith('termClock:');

/** `label: case …; child …; total …` on one line (total = the case and the children that end with it). */
export function formatCaseHistory(label: string, h: CaseHistorySize): string {
  const counted = [h.parent, ...h.children.filter((c) => !outlivesCase(c.workflowId))];
  const total = counted.reduce(
    (sum, x) => ({ events: sum.events + x.events, protoBytes: sum.protoBytes + x.protoBytes }),
    { events: 0, protoBytes: 0 },
  );
  const parts = [`case ${h.parent.workflowId}: ${formatHistory(h.parent)}`];
  for (const c of h.children) {
    parts.push(
      `${outlivesCase(c.workflowId) ? 'term clock started (runs on, not in total)' : 'child'} ${c.workflowId}: ${formatHistory(c)}`,
    );
  }
  parts.push(`total ${total.events} events, ${total.protoBytes} bytes (${kb(total.protoBytes)})`);
  return `${label}: ${parts.join('; ')}`;
}
