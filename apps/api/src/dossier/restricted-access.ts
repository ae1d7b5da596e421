import type { Actor, CaseState, TimelineEntry } from '../../../../libs/contracts';
import { hasRoleAt, isAdminOver } from '../auth/actor-access';

/** RULES §E step 10: the political review, whose written conclusion and evidence are restricted (RULES H-15). */
export const POLITICAL_REVIEW_STEP = 'E10';

/** The rejection reason the workflow records when the political review fails (its comment is the review's text). */
export const POLITICAL_REVIEW_REJECTION = 'politicalReviewFailed';

/** Steps the upper committee with approval authority acts on (RULES §E steps 4, 8, 13, 16, 17, 24; §A.3). */
const UPPER_COMMITTEE_STEPS = new Set(['E4', 'E8', 'E13', 'E16', 'E17', 'E24']);

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The upper committees a development case has had (more than one after a transfer): the current one the workflow
 * keeps in `data.bodies.upperCommitteeId`, both sides of each recorded transfer, and the bodies of its
 * upper-committee tasks in the given entries (the audit trail of an older case).
 */
export function upperCommitteesOf(state: Pick<CaseState, 'data'>, timeline: readonly TimelineEntry[] = []): string[] {
  const ids = new Set<string>();
  const data = state.data ?? {};
  const bodies = isRecord(data.bodies) ? data.bodies : {};
  if (typeof bodies.upperCommitteeId === 'string') ids.add(bodies.upperCommitteeId);
  for (const t of Array.isArray(data.transfers) ? (data.transfers as unknown[]) : []) {
    if (!isRecord(t)) continue;
    for (const key of ['fromUpperCommitteeId', 'toUpperCommitteeId']) {
      if (typeof t[key] === 'string') ids.add(t[key]);
    }
  }
  for (const e of timeline) {
    const body = e.detail?.assignedBodyId;
    if (e.event === 'task.opened' && UPPER_COMMITTEE_STEPS.has(e.step) && typeof body === 'string') ids.add(body);
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
  state: Pick<CaseState, 'orgPath' | 'data'> & { timeline?: readonly TimelineEntry[] },
  timeline: readonly TimelineEntry[] = state.timeline ?? [],
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

/** A trail entry without the political review's text and payload (entries of other steps unchanged). */
export function withoutRestrictedEntry(e: TimelineEntry): TimelineEntry {
  return e.step === POLITICAL_REVIEW_STEP ? { ...e, comment: null, detail: restrictedDetail(e.detail) } : e;
}

/**
 * The one definition of what RULES H-15 hides in a development case: the political review's comment and payload in
 * the timeline, the comment of its (pending or returned) task, and the rejection comment when the case ended on a
 * failed review — the workflow copies the review's comment there.
 */
export function withoutRestrictedContent(state: CaseState): CaseState {
  const data = state.data ?? {};
  const rejection = isRecord(data.rejection) ? data.rejection : null;
  return {
    ...state,
    timeline: state.timeline.map(withoutRestrictedEntry),
    pendingTasks: state.pendingTasks.map((t) => (t.step === POLITICAL_REVIEW_STEP ? { ...t, comment: null } : t)),
    data:
      rejection && rejection.reason === POLITICAL_REVIEW_REJECTION
        ? { ...data, rejection: { ...rejection, comment: null } }
        : data,
  };
}

/** An evidence file as far as the restriction is concerned. */
export interface RestrictableAttachment {
  step: string | null;
  uploadedBy: string;
}

/** Political review evidence (RULES §E step 10, H-15) is restricted for everyone but the one who uploaded it. */
export function isRestrictedAttachment(a: RestrictableAttachment, actor: Pick<Actor, 'userId'>): boolean {
  return a.step === POLITICAL_REVIEW_STEP && a.uploadedBy !== actor.userId;
}

/** What one reader may see of a development case, its audit trail and its evidence (RULES H-15). */
export interface RedactedAdmission<A extends RestrictableAttachment> {
  state: CaseState;
  audit: TimelineEntry[];
  /** the evidence this reader may list and download */
  attachments: A[];
  /** the evidence withheld from this reader (counted, never shown) */
  withheldAttachments: A[];
  /** may the reader see restricted content (nothing was left out) */
  cleared: boolean;
}

/**
 * RULES H-15 in one place, for the case view, the dossier and the attachments: unless the reader is an administrator
 * over the case or an approver of one of its upper committees, the political review text leaves the state and the
 * audit rows, and its evidence (except the reader's own upload) is withheld. Other procedures pass unchanged.
 */
export function redactAdmissionState<A extends RestrictableAttachment = RestrictableAttachment>(
  actor: Actor,
  state: CaseState,
  more: { audit?: readonly TimelineEntry[]; attachments?: readonly A[] } = {},
): RedactedAdmission<A> {
  const audit = [...(more.audit ?? [])];
  const attachments = [...(more.attachments ?? [])];
  // the raw entries: an older case names its upper committee only in its task.opened rows
  const cleared = state.procedure !== 'admission' || mayReadRestricted(actor, state, [...state.timeline, ...audit]);
  if (cleared) return { state, audit, attachments, withheldAttachments: [], cleared };
  return {
    state: withoutRestrictedContent(state),
    audit: audit.map(withoutRestrictedEntry),
    attachments: attachments.filter((a) => !isRestrictedAttachment(a, actor)),
    withheldAttachments: attachments.filter((a) => isRestrictedAttachment(a, actor)),
    cleared,
  };
}
