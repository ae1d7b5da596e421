import type { Actor, CaseState, TimelineEntry } from '../../../../libs/contracts';
import { hasRoleAt, isAdminOver } from '../auth/actor-access';

/** RULES §E step 10: the political review, whose written conclusion and evidence are restricted (RULES H-15). */
export const POLITICAL_REVIEW_STEP = 'E10';

/** Steps the upper committee with approval authority acts on (RULES §E steps 4, 8, 13, 16, 17, 24; §A.3). */
const UPPER_COMMITTEE_STEPS = new Set(['E4', 'E8', 'E13', 'E16', 'E17', 'E24']);

/**
 * The upper committees a development case has had (more than one after a transfer): `data.upperCommitteeId`, the
 * bodies of its upper-committee tasks in the timeline, and both sides of each recorded transfer.
 */
export function upperCommitteesOf(state: Pick<CaseState, 'data'>, timeline: readonly TimelineEntry[]): string[] {
  const ids = new Set<string>();
  const data = state.data ?? {};
  if (typeof data.upperCommitteeId === 'string') ids.add(data.upperCommitteeId);
  for (const e of timeline) {
    const body = e.detail?.assignedBodyId;
    if (e.event === 'task.opened' && UPPER_COMMITTEE_STEPS.has(e.step) && typeof body === 'string') ids.add(body);
  }
  for (const t of Array.isArray(data.transfers) ? (data.transfers as Record<string, unknown>[]) : []) {
    for (const key of ['fromUpperCommitteeId', 'toUpperCommitteeId']) {
      if (typeof t?.[key] === 'string') ids.add(t[key] as string);
    }
  }
  return [...ids];
}

/**
 * RULES H-15 (our policy): the political review's conclusion text and its evidence are for administrators over the
 * case and the upper committee (its approvers) only; everyone else who may see the case sees that the review was
 * done and whether it passed.
 */
export function mayReadRestricted(
  actor: Actor,
  state: Pick<CaseState, 'orgPath' | 'data'>,
  timeline: readonly TimelineEntry[],
): boolean {
  if (isAdminOver(actor, state.orgPath)) return true;
  return upperCommitteesOf(state, timeline).some((body) => hasRoleAt(actor, 'approver', body));
}

/** What a reader without access keeps of a political review entry: only the pass/fail conclusion (RULES H-15). */
export function restrictedDetail(detail: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  const payload = isRecord(detail?.payload) ? detail.payload : {};
  const conclusion = payload.conclusion ?? detail?.conclusion;
  return conclusion === 'pass' || conclusion === 'fail' ? { conclusion } : null;
}

/**
 * The case view for one reader: a member-development case loses the political review's comment and payload
 * (RULES H-15) unless the reader may read restricted content, so `GET /api/cases/:id` leaks nothing the dossier hides.
 */
export function redactCaseForReader(actor: Actor, state: CaseState): CaseState {
  if (state.procedure !== 'admission' || mayReadRestricted(actor, state, state.timeline)) return state;
  return {
    ...state,
    timeline: state.timeline.map((e) =>
      e.step === POLITICAL_REVIEW_STEP ? { ...e, comment: null, detail: restrictedDetail(e.detail) } : e,
    ),
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
