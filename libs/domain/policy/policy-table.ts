import { DomainRuleError, violation } from '../errors/rule-violation';
import { POLICY_2026_1 } from './policy-2026-1';
import { POLICY_DRILL } from './policy-drill';
import { POLICY_LEGACY_2010 } from './policy-legacy-2010';
import { POLICY_PRACTICE } from './policy-practice';

/** A calendar period; years and months are calendar periods clamped to month end (RULES §0.2, H-13). */
export interface Duration {
  years?: number;
  months?: number;
  days?: number;
  hours?: number;
  minutes?: number;
  seconds?: number;
}

export interface SeatRange {
  min: number;
  max: number;
  hardMax: number;
}

export interface Frequency {
  count: number;
  per: 'month' | 'quarter' | 'year';
}

export type CommitteeKind = 'branch' | 'generalBranch' | 'organCommittee' | 'organCommitteeWithStanding';
export type TermKind = 'organCommittee' | 'generalBranch' | 'branch' | 'jointBranch' | 'temporaryBranch';

/**
 * Organizational life (RULES §F): what the plan and the schedule need beyond the §G.1 frequencies above (which stay
 * where they are). Our defaults unless a source is named.
 */
export interface OrgLifeSettings {
  /** the organizational-life meeting is held in this quarter by default — RULES §F (支部条例 Art. 17: usually Q4) */
  orgLifeMeetingQuarter: 1 | 2 | 3 | 4;
  /** the branch's chosen day of the month for the theme party day (主题党日) unless its plan names another — RULES §F */
  themeDayOfMonth: number;
  /** collective study monthly where the local policy adopts it (Danyang, seed 003) — RULES §F (local, off) */
  collectiveStudyEnabled: boolean;
  collectiveStudyFrequency: Frequency;
  /** organ party organization work meeting quarterly (Danyang, seed 003) — RULES §F (local, off) */
  organWorkMeetingEnabled: boolean;
  /** secretaries' yearly report to the upper organization — RULES §F (机关条例2019 Art. 39) */
  secretaryReportFrequency: Frequency;
  /** remind the secretary this long before an occurrence's period ends without a record (our default) */
  occurrenceReminderLead: Duration;
  /** notice before meetings other than the general meeting (our default: the same 3 days as §F's general meeting) */
  otherMeetingNotice: Duration;
  /** party cell meetings are planned for organizations with a committee (≥ 7 full members usually have cells) */
  partyCellsWithCommitteeOnly: boolean;
  /** committee meetings: more than this fraction of committee members present (practice; §F names no number) */
  committeeQuorumNumerator: number;
  committeeQuorumDenominator: number;
  /** the branch committee decides on the yearly plan within this period (our default) */
  planApprovalDeadline: Duration;
  /** a 不合格 grade: the member gets this long to improve before organizational handling — RULES §F (our default) */
  appraisalImprovementPeriod: Duration;
  /** attachments (sign-in sheet, photos, minutes) one meeting record may carry — a bound of the software (RULES §G) */
  maxAttachmentsPerRecord: number;
  /** 民主生活会 of a leadership team — RULES §F, H-10 (yearly: an assumption to verify) */
  democraticLifeFrequency: Frequency;
  /** each consent (organization department, discipline committee) is due within this period (our default) */
  democraticLifeConsentDeadline: Duration;
  /** the rectification list is due this long after the meeting (our default) */
  rectificationListDeadline: Duration;
  /** rectification deadlines fall within this period of the meeting, so the next meeting checks them (our default) */
  rectificationMaxPeriod: Duration;
  /** items one rectification list may hold — a bound of the software (RULES §G) */
  maxRectificationItems: number;
  /**
   * 述职评议 grades, best first — RULES §F names none (机关条例2019 Art. 39, seed 003): a policy choice; our default is
   * the usual 好 / 较好 / 一般 / 差 of these appraisals
   */
  secretaryReportGrades: { id: string; zh: string; en: string }[];
  /** the grade must be the one with the most appraisal votes (a tie: the lower), as for members (our default) */
  secretaryReportGradeByVotes: boolean;
  /** grades that call for rectification, and the period to rectify and report (our default: 差, 3 months) */
  secretaryReportRectifyGrades: string[];
  secretaryReportRectifyPeriod: Duration;
  /** the upper organization appraises a report within this period (our default) */
  secretaryReportAppraisalDeadline: Duration;
  /** lapse watch (RULES §F, 党章 Art. 9): the secretary talks with a warned member within this period (our default) */
  lapseTalkDeadline: Duration;
  /** the branch general meeting decides on removing a flagged member within this period (our default) */
  lapseRemovalVoteDeadline: Duration;
}

/**
 * Every number of RULES §G.1 with the defaults of §G.2. A running workflow keeps the `version` it started with,
 * so a published version is never edited: add a new version instead.
 */
export interface PolicyTable {
  version: string;
  description: string;

  // ── B.1 organization types and thresholds ──
  /** ≥ 3 full members must set up a branch — RULES §B.1 (机关条例2019 Art. 7) */
  branchMinFullMembers: number;
  /** soft ceiling, warning only — RULES §B.1, §G.2 row 13 */
  branchTypicalMaxMembers: number;
  /** a joint branch covers ≤ 5 units — RULES §B.1 */
  jointBranchMaxUnits: number;
  /** a work project lasting ≥ 6 months gets a branch — RULES §B.1 */
  projectBranchMinDuration: Duration;
  /** a branch committee needs ≥ 7 full members — RULES §B.1 */
  branchCommitteeMinFullMembers: number;
  /** seats per committee type — RULES §B.1, §G.1 */
  committeeSize: Record<CommitteeKind, SeatRange>;
  /** standing members ≤ 1/2 of an organ committee with a standing committee — RULES §B.1 */
  standingMembersMaxRatio: number;
  /** branch without committee: 1 secretary, 0–1 deputy — RULES §B.1 */
  noCommitteeSecretaries: number;
  noCommitteeMaxDeputies: number;
  /** general branch: 50–100 members (党员) — RULES §B.1 (机关条例2019 Art. 6) */
  generalBranchMinMembers: number;
  generalBranchMaxMembers: number;
  /** organ committee: ≥ 100 members (党员) — RULES §B.1 (机关条例2019 Art. 5) */
  organCommitteeMinMembers: number;
  /** organ discipline committee ≥ 5 seats — RULES §B.1 */
  organDisciplineCommitteeMinSeats: number;
  /** ≥ 500 members may elect through a delegate congress — RULES §B.1 (选举条例2020 Art. 4) */
  delegateCongressThreshold: number;
  /** H-1: 50/100 thresholds count probationary members too (3/7 always count full members only) */
  countProbationaryForMemberThresholds: boolean;

  // ── C establishing, approval deadlines ──
  /** upper committee replies within 1 month — RULES §C.1 C5 (支部条例) */
  newBranchReplyDeadline: Duration;
  /** formal reply (批复) to the election report — RULES §C.1 C9 */
  formalReplyDeadline: Duration;
  /** our default for the department party group decision — RULES §C.1 C2 (no source deadline; configurable) */
  partyGroupDecisionDeadline: Duration;

  // ── B.2–B.4 terms, vacancies ──
  /** term lengths in years — RULES §B.2, §G.2 rows 1–2 */
  termYears: Record<TermKind, number>;
  /**
   * Offset of the local calendar from UTC in minutes (China Standard Time: +480). Calendar dates of steps ("today",
   * the date of a decision) are read in this zone (`localDate`), not in UTC.
   */
  localUtcOffsetMinutes: number;
  /** H-13: period end = same calendar day, or the day before when true */
  periodEndMinusOneDay: boolean;
  /** delay or advance of a term election ≤ 1 year — RULES §B.3, §G.2 row 3 */
  termShiftMax: Duration;
  /** 选举条例2020 allows advancing as well as delaying; the 1990 rules only delaying — RULES §G.2 row 3 */
  termShiftAllowsAdvance: boolean;
  /** remind 6 months before term end — RULES §D.1 */
  termReminderLead: Duration;
  /** second reminder (and escalation when nothing moved) before the election is due — RULES §D.1 (T − 1 to 2 months) */
  termSecondReminderLead: Duration;
  /** an overdue election (no approved shift, T passed) escalates to the upper body again every period — RULES H-19 */
  overdueEscalationRepeat: Duration;
  /** H-7 policy choice: the new term starts on the upper body's approval (default) or on the election date */
  termStartsOn: 'approval' | 'election';
  /** H-7 policy choice: false (default) → a delayed election does not shorten the next term (full term from its start) */
  delayShortensNextTerm: boolean;
  /** outgoing committee prepares 1–2 months before term end — RULES §D.1 (practice) */
  electionPrepLeadMin: Duration;
  electionPrepLeadMax: Duration;
  /** local rule: fill a leadership vacancy within 3 months — RULES §B.4 (off by default) */
  vacancyFillDeadline: Duration;
  vacancyFillDeadlineEnabled: boolean;

  // ── D elections ──
  /** candidates ≥ seats + ceil(20% of seats) — RULES §D.2 */
  candidateSurplusMinRatio: number;
  /** by-election slate: 'equal' (等额, seed book) or 'surplus' (差额) — RULES §B.4, §G.2 row 6 */
  byElectionMode: 'equal' | 'surplus';
  /** election quorum: present > 4/5 of due — RULES §D.3 */
  quorumNumerator: number;
  quorumDenominator: number;
  /** H-2 / §G.2 row 8: accept exactly 4/5 (legacy tolerance); default strict */
  quorumAllowExactly: boolean;
  /** RULES §D.5 tie at the cut-off: false (default) → the re-vote among the tied is won by the most votes */
  tieRevoteNeedsMajority: boolean;
  /** RULES H-5 policy: separate votes (另行选举) held for unfilled seats before the slate goes back for revision */
  maxSeparateVotes: number;
  /** winner needs for-votes > 1/2 of present voters — RULES §D.5 */
  winThresholdNumerator: number;
  winThresholdDenominator: number;
  /** seat reduction after a shortfall needs consent of > 1/2 of present voters — RULES §D.5 */
  seatReductionConsentNumerator: number;
  seatReductionConsentDenominator: number;
  /** members away ≥ 6 months may be left out of the due count with approval — RULES §D.3 */
  exclusionAwayMinDuration: Duration;

  // ── E member development ──
  minApplicantAge: number; // RULES §E step 1 (细则 Art. 5)
  applicationTalkDeadline: Duration; // RULES §E step 2 (细则 Art. 7)
  applicationToActivistMin: Duration; // RULES §E step 3 (practice, off by default)
  applicationToActivistMinEnabled: boolean;
  cultivationContactsMin: number; // RULES §E step 5 (1–2, H-21)
  cultivationContactsMax: number;
  contactAssignDeadline: Duration; // RULES §E step 5 (practice)
  activistAssessmentInterval: Duration; // RULES §E step 6
  activistReportInterval: Duration; // RULES §E step 6 (practice)
  activistMinCultivation: Duration; // RULES §E step 7
  introducers: number; // RULES §E step 9
  /** practice: one person introduces one candidate at a time (RULES glossary 入党介绍人); false switches it off */
  introducerOneCandidateAtATime: boolean;
  politicalReviewDeadline: Duration; // RULES §E step 10 (practice)
  politicalReviewValidity: Duration; // RULES §E step 10 (practice)
  trainingMinDays: number; // RULES §E step 11 (细则 Art. 17)
  trainingMinClassHours: number;
  leavingUnitBlock: Duration; // RULES §E step 13 (细则 Art. 19)
  preReviewDeadline: Duration; // RULES §E step 13 (practice)
  publicNoticeWorkingDays: number; // RULES §E step 13 (practice, local)
  publicNoticeCalendarDays: number;
  /** branch vote quorum: present > 1/2 of entitled — RULES §E step 15 (细则 Art. 20) */
  branchVoteQuorumNumerator: number;
  branchVoteQuorumDenominator: number;
  /** branch vote pass: for-votes > 1/2 of entitled full members — RULES §E step 15 (细则 Art. 21) */
  branchVotePassNumerator: number;
  branchVotePassDenominator: number;
  /** §G.2 row 7: toggle for the ≥ reading of 半数以上; default strict */
  branchVoteAllowExactlyHalf: boolean;
  resolutionStaleRediscuss: Duration; // RULES §E step 15 (practice)
  resolutionStaleRedo: Duration;
  admissionApprovalDeadline: Duration; // RULES §E step 17: 3 months
  admissionApprovalMaxDeadline: Duration; // never > 6 months
  probation: Duration; // RULES §E step 21 (细则 Art. 32)
  probationExtensionMin: Duration; // RULES §E step 23: 6–12 months, once
  probationExtensionMax: Duration;
  probationExtensionsMax: number;
  transferPostponeMax: Duration; // RULES §E step 21
  conversionMeetingDeadline: Duration; // RULES §E step 23 (practice)
  conversionMeetingMaxDeadline: Duration;
  conversionApprovalDeadline: Duration; // RULES §E step 24

  // ── F organizational life ──
  meetingNotice: Duration; // RULES §F
  generalMeetingFrequency: Frequency;
  committeeMeetingFrequency: Frequency;
  partyCellMeetingFrequency: Frequency;
  partyClassFrequency: Frequency;
  secretaryPartyClassFrequency: Frequency;
  themeDayFrequency: Frequency;
  orgLifeMeetingFrequency: Frequency;
  memberAppraisalFrequency: Frequency;
  heartToHeartFrequency: Frequency;
  organAssemblyFrequency: Frequency;
  lapseWarnAfter: Duration; // RULES §F lapse watch: warn at 3 months
  lapseThreshold: Duration; // flag at 6 consecutive months (党章 Art. 9)
  trainingHoursMember: number; // RULES §F, §G.2 row 12
  trainingHoursLeader: number;
  partyAffairsStaffRatioMinPercent: number; // informational — RULES §G.1
  partyAffairsStaffRatioMaxPercent: number;

  // ── rules block (issue 10): practice switches, calendar, delegate congress — kept apart from other blocks ──
  /**
   * RULES H-9, §0.3 item 4: each practice timer is off unless the organization adopts it; one switch each, read by the
   * workflows (`practiceTimerOn`). `applicationToActivistMinEnabled` above is the switch of the 6-month wait.
   */
  contactAssignDeadlineEnabled: boolean; // RULES §E step 5 (1 month, practice)
  politicalReviewDeadlineEnabled: boolean; // RULES §E step 10 (1 month, practice)
  politicalReviewValidityEnabled: boolean; // RULES §E step 10 (valid 12 months, practice)
  preReviewDeadlineEnabled: boolean; // RULES §E step 13 (1 month, practice)
  publicNoticeEnabled: boolean; // RULES §E step 13 (公示 before admission, practice)
  /** the public notice counts working days (5, statutory holidays and 调休 observed) or calendar days (7) */
  publicNoticeBasis: 'workingDays' | 'calendarDays';
  resolutionStaleEnabled: boolean; // RULES §E step 15 (re-discuss after 3, redo after 6 months, practice)
  conversionMeetingDeadlineEnabled: boolean; // RULES §E step 23 (1 month, at most 3, practice)
  /** RULES §E step 17: past the 3-month deadline the approver states a reason; past 6 months approval is refused */
  approvalLateReasonRequired: boolean;
  /** task due dates (kernel) in working days instead of calendar periods (RULES §0.2: only where a source says 工作日) */
  taskDueInWorkingDays: boolean;
  /** organizational life: the plan and schedule settings §F leaves to the software (issue 11) */
  orgLife: OrgLifeSettings;

  /** approval kernel defaults: remind 7 days before due, escalate at due then every 7 days, at most 3 times */
  kernel: { reminderLead: Duration; escalationRepeat: Duration; maxEscalations: number };

  // ── issue 8 §2: what one case can grow (case-bounds.rules.ts) ──
  caseBounds: CaseBounds;
}

/**
 * Bounds on one case, so that none approaches Temporal's per-workflow limits (2,000 updates, 51,200 events, 50 MB
 * history, 2 MB payload). The software's own numbers (RULES §G), not from the sources.
 */
export interface CaseBounds {
  /** returns (退回) of one step in one case; then approve or reject */
  maxReturnsPerStep: number;
  /** changes of cultivation contacts (RULES §E step 5) in one development case */
  maxContactChanges: number;
  /** a decision's payload as JSON, in bytes */
  maxStepPayloadBytes: number;
  /** ballots in one POST …/election/ballots (RULES §D.4); more are entered in several batches */
  maxBallotsPerRequest: number;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

export const POLICY_VERSIONS: Record<string, PolicyTable> = deepFreeze({
  [POLICY_2026_1.version]: POLICY_2026_1,
  [POLICY_LEGACY_2010.version]: POLICY_LEGACY_2010,
  [POLICY_DRILL.version]: POLICY_DRILL,
  [POLICY_PRACTICE.version]: POLICY_PRACTICE,
});

export const CURRENT_POLICY_VERSION: string = POLICY_2026_1.version;

/** The policy a case runs under; unknown versions are an error, never a silent fallback. */
export function getPolicy(version: string = CURRENT_POLICY_VERSION): PolicyTable {
  const policy = Object.prototype.hasOwnProperty.call(POLICY_VERSIONS, version) ? POLICY_VERSIONS[version] : undefined;
  if (!policy) {
    throw new DomainRuleError(
      violation({
        code: 'POLICY_VERSION_UNKNOWN',
        kind: 'notFound',
        rule: 'RULES §G',
        message: `未知的政策版本：${version}（可用：${Object.keys(POLICY_VERSIONS).join('、')}）`,
        messageEn: `unknown policy version: ${version} (known: ${Object.keys(POLICY_VERSIONS).join(', ')})`,
        numbers: { version },
      }),
    );
  }
  return policy;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Records whose entries merge one by one; every other field (numbers, Durations, Frequencies) is replaced whole. */
const MERGED_RECORDS = new Set<string>(['committeeSize', 'termYears', 'kernel', 'caseBounds']);

/**
 * A per-organization policy pack or a test variant. `committeeSize`, `termYears` and `kernel` merge entry by entry
 * (and a committee size range field by field), so a partial record (cast) changes only what it names; Durations are
 * replaced whole. The version is kept unless overridden: give a pack its own version when cases must record it.
 */
export function withOverrides(base: PolicyTable, overrides: Partial<PolicyTable>): PolicyTable {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const current = merged[key];
    if (MERGED_RECORDS.has(key) && isPlainObject(current) && isPlainObject(value)) {
      const out: Record<string, unknown> = { ...current };
      for (const [k, v] of Object.entries(value)) {
        const inner = out[k];
        out[k] = key === 'committeeSize' && isPlainObject(inner) && isPlainObject(v) ? { ...inner, ...v } : copy(v);
      }
      merged[key] = out;
    } else {
      merged[key] = copy(value);
    }
  }
  return deepFreeze(merged as unknown as PolicyTable);
}

function copy<T>(v: T): T {
  return isPlainObject(v) ? ({ ...v } as T) : v;
}

/**
 * The policy an organization runs under: its registry entry's version, the current version when it names none.
 * A version the table does not know is an error (POLICY_VERSION_UNKNOWN), never a silent fallback — issue 10 item 4.
 */
export function policyForOrganization(policyVersion: string | null | undefined): PolicyTable {
  const own = policyVersion ?? null;
  return getPolicy(own === null || ORG_WITHOUT_OWN_POLICY.includes(own) ? CURRENT_POLICY_VERSION : own);
}

/** Registry placeholders meaning "no policy of its own" (the demo seed writes 'seed'): the current version applies. */
export const ORG_WITHOUT_OWN_POLICY: readonly string[] = ['seed'];
