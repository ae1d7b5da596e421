import type { ElectionStateDto } from './election.dto';

/** The election state shown for an election that has ended, as the GET election route answers it. */
export type EndedElectionState = ElectionStateDto;

/**
 * The final state of an ended election from its result in the case record (`data.election`, kept by the parent
 * case when the election child returned): the same shape as the live query, so the meeting record, the rounds and
 * the tallies stay readable after Temporal's retention removed the child. Null when the record holds no result of
 * this election child (it still runs, or the result is an earlier child's). `unnamed` also takes a result that does not
 * name its child (written before results did), for a child Temporal no longer knows.
 */
export function endedElectionState(
  result: unknown,
  workflowId: string,
  { unnamed = false }: { unnamed?: boolean } = {},
): EndedElectionState | null {
  if (typeof result !== 'object' || result === null) return null;
  const r = result as Record<string, unknown>;
  // results written before they named their child cannot be matched to the current child: left to the query, unless
  // the caller knows the child is gone (then the record's result is the last one there is)
  const accepted = r.workflowId === workflowId || (unnamed && r.workflowId === undefined && 'status' in r);
  if (!accepted) return null;
  const committee = Array.isArray(r.committee) ? (r.committee as string[]) : [];
  return {
    phase: r.status === 'elected' ? 'done' : 'failed',
    seats: typeof r.seats === 'number' ? r.seats : 0,
    candidates: (Array.isArray(r.candidates) ? r.candidates : []) as EndedElectionState['candidates'],
    meetings: (Array.isArray(r.meetings) ? r.meetings : []) as EndedElectionState['meetings'],
    rounds: (Array.isArray(r.rounds) ? r.rounds : []) as EndedElectionState['rounds'],
    elected: committee,
    secretaryId: typeof r.secretaryId === 'string' ? r.secretaryId : null,
    deputyId: typeof r.deputyId === 'string' ? r.deputyId : null,
    pendingOfficers: null,
    failureReason: typeof r.failureReason === 'string' ? r.failureReason : null,
  };
}
