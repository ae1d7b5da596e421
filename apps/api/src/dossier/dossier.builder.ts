import {
  admissionCaseData,
  type BranchVoteRecord,
  type CaseState,
  type TimelineEntry,
} from '../../../../libs/contracts';
import type { StepPayload } from '../../../../libs/contracts/step-forms.contract';
import { getPolicy, localDate, stepDateField } from '../../../../libs/domain';
import {
  CASE_STATUS_LABELS,
  DEVELOPMENT_STAGES,
  DEVELOPMENT_STEPS,
  KEY_DATE_LABELS,
  flagLabels,
  stageLabel,
  stepNumberOf,
} from './dossier-steps';
import { POLITICAL_REVIEW_STEP, isRecord } from './restricted-access';

/** An attachment as the dossier lists it (metadata only; the bytes stay in storage). */
export interface DossierAttachment {
  id: string;
  step: string | null;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
}

/**
 * What the dossier is built from. `state`, `audit`, `attachments`, `withheldAttachments` and `mayReadRestricted` are
 * what `redactAdmissionState` (restricted-access.ts, RULES H-15) left this reader: the builder shows what it is given.
 */
export interface DossierInput {
  state: CaseState;
  /** audit rows of the case (append-only trail); merged with the state's timeline, duplicates dropped */
  audit: readonly TimelineEntry[];
  /** the evidence the reader may see */
  attachments: readonly DossierAttachment[];
  /** evidence withheld from the reader (political review, RULES H-15): counted per step, never listed */
  withheldAttachments?: readonly DossierAttachment[];
  /** display names: users (actors) by user id, people by person id, organizations by org id */
  names: {
    users: Readonly<Record<string, string>>;
    people: Readonly<Record<string, string>>;
    orgs: Readonly<Record<string, string>>;
  };
  person: { id: string; name: string; birthDate: string | null };
  /** RULES H-15: was the reader cleared for the political review text and evidence (false: it was left out) */
  mayReadRestricted: boolean;
  generatedAt: string;
}

export interface NamedRef {
  id: string;
  name: string;
}

export interface DossierVote {
  date: string;
  entitled: number | null;
  present: number | null;
  forVotes: number | null;
  writtenOpinionsFor: number | null;
  totalFor: number | null;
  requiredPresent: number | null;
  requiredFor: number | null;
  passed: boolean | null;
  resolution: string | null;
  extensionMonths: number | null;
  explanation: string | null;
}

export interface DossierEvent {
  at: string;
  /** the day it happened (local calendar): a decision's recorded step date, else the entry's own or local date */
  date: string;
  step: string;
  event: string;
  actor: NamedRef | null;
  outcome: string | null;
  comment: string | null;
  rule: string;
  detail: Record<string, unknown> | null;
  /** true when restricted content (RULES H-15) was left out for this reader */
  restricted: boolean;
}

export interface DossierEvidence extends DossierAttachment {
  uploadedByName: string;
  downloadUrl: string;
}

export interface DossierStep {
  number: number;
  code: string;
  stage: number;
  name: string;
  nameEn: string;
  rule: string;
  status: 'done' | 'open' | 'notReached';
  /** the day of the step's last decision as the case recorded it (RULES §E key dates, local calendar) */
  date: string | null;
  actor: NamedRef | null;
  outcome: string | null;
  events: DossierEvent[];
  votes: DossierVote[];
  evidence: DossierEvidence[];
  /** evidence items withheld from this reader (political review, RULES H-15) */
  evidenceWithheld: number;
}

export interface DossierTransfer {
  from: NamedRef;
  to: NamedRef;
  effectiveDate: string | null;
  phase: string | null;
  postponeMonths: number;
  reason: string | null;
  documentNo: string | null;
}

export interface DossierView {
  caseId: string;
  title: string;
  status: CaseState['status'];
  /** the status in words: 进行中, 已办结, 未通过, 已撤回, 已取消 */
  statusLabel: string;
  statusLabelEn: string;
  /** the current step code (E1–E25, or a sub-step such as E17-PG) */
  stage: string;
  /** the current step with its name, e.g. "E2 党组织派人谈话" */
  stageLabel: string;
  stageLabelEn: string;
  policyVersion: string;
  generatedAt: string;
  person: { id: string; name: string; birthDate: string | null };
  branch: NamedRef;
  orgPath: string[];
  transfers: DossierTransfer[];
  keyDates: { key: string; label: string; labelEn: string; date: string }[];
  /** 党龄 counts from the day the person became a full member, the (extended) probation end (RULES §E) */
  partyStandingSince: string | null;
  probationEnd: string | null;
  flags: { code: string; label: string; labelEn: string }[];
  compliance: Record<string, unknown>;
  stages: { stage: number; name: string; nameEn: string }[];
  steps: DossierStep[];
  /** events that belong to no numbered step (e.g. a transfer) */
  otherEvents: DossierEvent[];
  otherEvidence: DossierEvidence[];
  closedAt: string | null;
  closeReason: string | null;
  rejection: Record<string, unknown> | null;
  restrictedContentHidden: boolean;
}

/** Events that are bookkeeping, not the record of a step. */
const SKIPPED_EVENTS = new Set(['task.opened']);

/**
 * 纪实 — the member-development dossier from the case state, its audit trail, its attachments and the registry's
 * names (RULES §E, 25 steps). Pure: the caller reads everything and passes the clock in `generatedAt`.
 */
export function buildDossier(input: DossierInput): DossierView {
  const { state, names } = input;
  const data = admissionCaseData({ data: state.data ?? {} });
  const events = mergeTimeline(input.audit, state.timeline);
  const userRef = (id: string | null | undefined): NamedRef | null =>
    id ? { id, name: names.users[id] ?? names.people[id] ?? id } : null;
  const orgRef = (id: string): NamedRef => ({ id, name: names.orgs[id] ?? id });
  const restrictedHidden = !input.mayReadRestricted;
  const policy = getPolicy(state.policyVersion);
  const decisionDates = recordedDecisionDates(events, data.stepDates, (at) => localDate(at, policy));
  const dateOf = (e: TimelineEntry): string => decisionDates.get(e) ?? ownDate(e, (at) => localDate(at, policy));

  const toEvent = (e: TimelineEntry, number: number | null): DossierEvent => {
    const restricted = restrictedHidden && e.step === POLITICAL_REVIEW_STEP;
    const { taskId: _taskId, ...rest } = e.detail ?? {};
    const detail = Object.keys(rest).length ? rest : null;
    const rule = typeof e.detail?.rule === 'string' ? e.detail.rule : number ? `RULES §E step ${number}` : 'RULES §E';
    return {
      at: e.at,
      date: dateOf(e),
      step: e.step,
      event: e.event,
      actor: userRef(e.actorId),
      outcome: e.outcome,
      comment: e.comment,
      rule,
      detail,
      restricted,
    };
  };
  const toEvidence = (a: DossierAttachment): DossierEvidence => ({
    ...a,
    uploadedByName: userRef(a.uploadedBy)?.name ?? a.uploadedBy,
    downloadUrl: `/api/attachments/${encodeURIComponent(a.id)}`,
  });
  const withheld = input.withheldAttachments ?? [];

  const pendingSteps = new Set(state.pendingTasks.map((t) => stepNumberOf(t.step)).filter((n) => n !== null));
  const steps: DossierStep[] = DEVELOPMENT_STEPS.map((s) => {
    const own = events.filter((e) => stepNumberOf(e.step) === s.number);
    const decided = own.filter((e) => e.event === 'task.decided');
    const last = decided[decided.length - 1] ?? own[own.length - 1];
    const ofStep = (a: DossierAttachment) => a.step !== null && stepNumberOf(a.step) === s.number;
    return {
      number: s.number,
      code: `E${s.number}`,
      stage: s.stage,
      name: s.name,
      nameEn: s.nameEn,
      rule: `RULES §E step ${s.number}`,
      status: pendingSteps.has(s.number) ? 'open' : own.length > 0 ? 'done' : 'notReached',
      date: last ? dateOf(last) : null,
      actor: userRef(last?.actorId),
      outcome: stepOutcome(s.number, last ?? null),
      events: own.map((e) => toEvent(e, s.number)),
      votes:
        s.number === 15 || s.number === 23
          ? votesOf(own, s.number === 15 ? data.admissionVote : data.conversionVote, dateOf)
          : [],
      evidence: input.attachments.filter(ofStep).map(toEvidence),
      evidenceWithheld: withheld.filter(ofStep).length,
    };
  });

  const dates = data.dates ?? {};
  const keyDates = KEY_DATE_LABELS.flatMap((k) => {
    const date = dates[k.key];
    return typeof date === 'string' ? [{ ...k, date }] : [];
  });
  const labels: Readonly<Record<string, { label: string; labelEn: string } | undefined>> = flagLabels(policy);
  const flags = (data.flags ?? [])
    .filter((f): f is string => typeof f === 'string')
    .map((code) => ({ code, label: labels[code]?.label ?? code, labelEn: labels[code]?.labelEn ?? code }));
  const transfers = (data.transfers ?? []).map((t) => ({
    from: orgRef(t.fromOrgId),
    to: orgRef(t.toOrgId),
    effectiveDate: str(t.effectiveDate),
    phase: str(t.phase),
    postponeMonths: t.postponeMonths ?? 0,
    reason: str(t.reason),
    documentNo: str(t.documentNo),
  }));
  const rejection = isRecord(data.rejection) ? { ...data.rejection } : null;
  const status = CASE_STATUS_LABELS[state.status] ?? { label: state.status, labelEn: state.status };
  const stage = stageLabel(state.stage);

  return {
    caseId: state.caseId,
    title: state.title,
    status: state.status,
    statusLabel: status.label,
    statusLabelEn: status.labelEn,
    stage: state.stage,
    stageLabel: stage.label,
    stageLabelEn: stage.labelEn,
    policyVersion: state.policyVersion,
    generatedAt: input.generatedAt,
    person: input.person,
    branch: orgRef(state.orgId),
    orgPath: state.orgPath,
    transfers,
    keyDates,
    partyStandingSince: str(dates.fullMember),
    probationEnd: str(dates.probationEnd),
    flags,
    compliance: isRecord(data.compliance) ? data.compliance : {},
    stages: [...DEVELOPMENT_STAGES],
    steps,
    otherEvents: events.filter((e) => stepNumberOf(e.step) === null).map((e) => toEvent(e, null)),
    otherEvidence: input.attachments.filter((a) => a.step === null || stepNumberOf(a.step) === null).map(toEvidence),
    closedAt: state.closedAt,
    closeReason: state.closeReason,
    rejection,
    restrictedContentHidden: restrictedHidden,
  };
}

/**
 * The audit rows and the state's timeline are the same entries (the kernel writes both); the audit may lag behind
 * the workflow by one activity, the timeline is the workflow's own. Union by (instant, step, event, position).
 */
export function mergeTimeline(audit: readonly TimelineEntry[], timeline: readonly TimelineEntry[]): TimelineEntry[] {
  const seen = new Map<string, number>();
  const out: TimelineEntry[] = [];
  const keyOf = (e: TimelineEntry) => `${e.at}|${e.step}|${e.event}`;
  for (const e of audit) {
    if (SKIPPED_EVENTS.has(e.event)) continue;
    seen.set(keyOf(e), (seen.get(keyOf(e)) ?? 0) + 1);
    out.push(e);
  }
  for (const e of timeline) {
    if (SKIPPED_EVENTS.has(e.event)) continue;
    const n = seen.get(keyOf(e)) ?? 0;
    if (n > 0) {
      seen.set(keyOf(e), n - 1);
      continue;
    }
    out.push(e);
  }
  return out
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.at < b.e.at ? -1 : a.e.at > b.e.at ? 1 : a.i - b.i))
    .map(({ e }) => e);
}

/**
 * The day each decision (`task.decided`) happened, as the workflow recorded it in `data.stepDates` (oldest first: the
 * application, then one entry per decided task, RULES §E key dates) — possibly backdated by the payload's date field
 * (`stepDateField`) and on the policy's local calendar: the payload's date when given, else the recorded date of the
 * same occurrence of that step (its n-th decision ↔ its n-th entry), else the local date of the decision.
 */
function recordedDecisionDates(
  events: readonly TimelineEntry[],
  stepDates: unknown,
  dayOf: (at: string) => string,
): Map<TimelineEntry, string> {
  const recorded = new Map<string, string[]>();
  for (const r of Array.isArray(stepDates) ? (stepDates as unknown[]) : []) {
    if (!isRecord(r) || typeof r.step !== 'string' || typeof r.date !== 'string') continue;
    recorded.set(r.step, [...(recorded.get(r.step) ?? []), r.date]);
  }
  const seen = new Map<string, number>();
  const dates = new Map<TimelineEntry, string>();
  for (const e of events) {
    if (e.event !== 'task.decided') continue;
    const n = seen.get(e.step) ?? 0;
    seen.set(e.step, n + 1);
    const payload = isRecord(e.detail?.payload) ? e.detail.payload : {};
    dates.set(e, str(payload[stepDateField(e.step)]) ?? recorded.get(e.step)?.[n] ?? dayOf(e.at));
  }
  return dates;
}

/**
 * The day of an entry that is no decision: its own effective date (a transfer, a change of contacts), the application
 * date of the registered application (RULES §E step 1), else the local date of the instant it was recorded.
 */
function ownDate(e: TimelineEntry, dayOf: (at: string) => string): string {
  const d = e.detail ?? {};
  const own = str(d.effectiveDate) ?? (e.event === 'application.registered' ? str(d.applicationDate) : null);
  return own ?? dayOf(e.at);
}

/** Political review for a reader without clearance: done, and pass or fail — nothing of its text (RULES H-15). */
function stepOutcome(number: number, last: TimelineEntry | null): string | null {
  if (!last) return null;
  const payload = isRecord(last.detail?.payload) ? last.detail.payload : {};
  // a reader without clearance has the conclusion only, outside the payload (restrictedDetail)
  const conclusion = payload.conclusion ?? last.detail?.conclusion;
  if (number === stepNumberOf(POLITICAL_REVIEW_STEP) && (conclusion === 'pass' || conclusion === 'fail'))
    return conclusion;
  if ((number === 15 || number === 23) && typeof payload.resolution === 'string' && last.event === 'task.decided') {
    return payload.resolution;
  }
  return last.outcome;
}

/** The payload of a branch general meeting vote (RULES §E steps 15, 23). */
type VotePayload = StepPayload<'admission:E15'> & Partial<StepPayload<'admission:E23'>>;

/**
 * Branch general meeting votes of step 15 or 23 (RULES §E step 15): each `branchVote.counted` row with the counts and
 * the date (the meeting's, as recorded for the step) of the decision it counted; the state's last vote
 * (`data.admissionVote` / `data.conversionVote`) when the trail has none yet.
 */
function votesOf(
  events: readonly TimelineEntry[],
  stateVote: BranchVoteRecord | undefined,
  dateOf: (e: TimelineEntry) => string,
): DossierVote[] {
  const votes: DossierVote[] = [];
  let decision: TimelineEntry | null = null;
  for (const e of events) {
    if (e.event === 'task.decided') decision = e;
    if (e.event !== 'branchVote.counted') continue;
    // the decision as its step's schema gives it; counts still read guarded: records may predate the schema
    const payload: Partial<VotePayload> = isRecord(decision?.detail?.payload) ? decision.detail.payload : {};
    const d = e.detail ?? {};
    votes.push({
      date: dateOf(decision ?? e),
      entitled: num(payload.entitled),
      present: num(payload.present),
      forVotes: num(payload.forVotes),
      writtenOpinionsFor: num(payload.writtenOpinionsFor) ?? 0,
      totalFor: num(d.totalFor),
      requiredPresent: num(d.requiredPresent),
      requiredFor: num(d.requiredFor),
      passed: e.outcome === 'passed' ? true : e.outcome === 'notPassed' ? false : null,
      resolution: str(payload.resolution),
      extensionMonths: num(payload.extensionMonths),
      explanation: e.comment,
    });
  }
  if (votes.length === 0 && isRecord(stateVote)) {
    // records written before the one name of written opinions carry writtenForVotes
    const v: Partial<BranchVoteRecord> & { writtenForVotes?: unknown } = stateVote;
    votes.push({
      date: '',
      entitled: num(v.entitled),
      present: num(v.present),
      forVotes: num(v.forVotes),
      writtenOpinionsFor: num(v.writtenOpinionsFor) ?? num(v.writtenForVotes) ?? 0,
      totalFor: num(v.totalFor),
      requiredPresent: num(v.requiredPresent),
      requiredFor: num(v.requiredFor),
      passed: typeof v.passed === 'boolean' ? v.passed : null,
      resolution: null,
      extensionMonths: null,
      explanation: null,
    });
  }
  return votes;
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
function str(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : null;
}
