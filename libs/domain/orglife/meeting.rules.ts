import { hasFullMemberRights } from '../registry/member-rights.rules';
import { checkBranchVote } from '../election/branch-vote.rules';
import { moreThanFraction } from '../election/quorum.rules';
import {
  invalidInput,
  ruleOk,
  ruleRefused,
  violation,
  type RuleResult,
  type RuleViolation,
} from '../errors/rule-violation';
import type { PolicyTable } from '../policy/policy-table';
import { occurrenceKindInfo } from './occurrence-kinds';
import type { AttendanceEntry, OccurrenceKind } from './orglife.types';

// Holding a meeting — RULES §F: attendance from the roster on the meeting date, quorum and resolutions. The general
// meeting (and the organizational-life meeting and appraisal held as one) uses the §E step-15 formula
// (checkBranchVote): present > 1/2 of the full members with voting rights, a resolution > 1/2 of them in favour.

export interface AttendanceFigures {
  /** roster members on the meeting date */
  expected: number;
  present: number;
  excused: number;
  absentWithReason: number;
  /** absent without a reason given (counts for the lapse watch) */
  absent: number;
  /** present / expected, 0 when nobody was expected */
  rate: number;
}

export function attendanceFigures(attendance: readonly AttendanceEntry[]): AttendanceFigures {
  const count = (s: AttendanceEntry['status']) => attendance.filter((a) => a.status === s).length;
  const expected = attendance.length;
  const present = count('present');
  return {
    expected,
    present,
    excused: count('excused'),
    absentWithReason: count('absentWithReason'),
    absent: count('absent'),
    rate: expected === 0 ? 0 : present / expected,
  };
}

/** Full members with voting rights (正式党员, not suspended or on party probation) — RULES §E step 15, §A.1. */
function votingMember(a: AttendanceEntry): boolean {
  return hasFullMemberRights(a.membershipStatus);
}

function committeeMember(a: AttendanceEntry): boolean {
  return (a.posts ?? []).some((p) => p === 'secretary' || p === 'deputySecretary' || p === 'committeeMember');
}

export interface QuorumCheck {
  rule: 'generalMeeting' | 'committee' | null;
  entitled: number;
  present: number;
  requiredPresent: number;
  met: boolean;
  violation: RuleViolation | null;
}

/**
 * Quorum of a recorded meeting — RULES §F. General meeting: the §E step-15 formula on the full members with voting
 * rights (entitled) and those of them present. Committee meeting: more than half of the committee members (practice,
 * policy.orgLife.committeeQuorum*). Other kinds have no quorum rule. An attendance list naming someone twice cannot
 * be counted: not met, with the input violation DUPLICATE_ATTENDEE (400) instead of a quorum.
 */
export function checkMeetingQuorum(
  kind: OccurrenceKind,
  attendance: readonly AttendanceEntry[],
  policy: PolicyTable,
): QuorumCheck {
  const info = occurrenceKindInfo(kind, policy);
  const ids = new Set<string>();
  for (const a of attendance) {
    if (ids.has(a.personId)) {
      return {
        rule: info.quorum === 'generalMeeting' || info.quorum === 'committee' ? info.quorum : null,
        entitled: 0,
        present: 0,
        requiredPresent: 0,
        met: false,
        violation: invalidInput('DUPLICATE_ATTENDEE', `${a.personId} is listed twice`, `${a.personId}重复登记`, {
          personId: a.personId,
        }),
      };
    }
    ids.add(a.personId);
  }
  if (info.quorum === 'generalMeeting') {
    const voters = attendance.filter(votingMember);
    const entitled = voters.length;
    const present = voters.filter((a) => a.status === 'present').length;
    const vote = checkBranchVote({ entitled, present, forVotes: 0 }, policy);
    const met = vote.quorumMet;
    return {
      rule: 'generalMeeting',
      entitled,
      present,
      requiredPresent: vote.requiredPresent,
      met,
      violation: met
        ? null
        : violation({
            code: 'MEETING_QUORUM_NOT_MET',
            kind: 'rule',
            rule: 'RULES §F (§E step 15)',
            message: `${info.name}应到会有表决权的正式党员${entitled}人，实到${present}人，须超过半数即至少${vote.requiredPresent}人，会议不能召开`,
            messageEn: `${info.nameEn}: ${present} of ${entitled} entitled full members present, ${vote.requiredPresent} required`,
            numbers: { entitled, present, requiredPresent: vote.requiredPresent },
          }),
    };
  }
  if (info.quorum === 'committee') {
    const members = attendance.filter(committeeMember);
    const entitled = members.length;
    if (entitled === 0)
      return { rule: 'committee', entitled: 0, present: 0, requiredPresent: 0, met: true, violation: null };
    const present = members.filter((a) => a.status === 'present').length;
    const o = policy.orgLife;
    const requiredPresent = moreThanFraction(entitled, o.committeeQuorumNumerator, o.committeeQuorumDenominator);
    const met = present >= requiredPresent;
    return {
      rule: 'committee',
      entitled,
      present,
      requiredPresent,
      met,
      violation: met
        ? null
        : violation({
            code: 'MEETING_QUORUM_NOT_MET',
            kind: 'rule',
            rule: 'RULES §F (committee meeting, practice)',
            message: `支部委员会委员${entitled}人，实到${present}人，须超过半数即至少${requiredPresent}人，会议不能召开`,
            messageEn: `committee meeting: ${present} of ${entitled} committee members present, ${requiredPresent} required`,
            numbers: { entitled, present, requiredPresent },
          }),
    };
  }
  return {
    rule: null,
    entitled: 0,
    present: attendanceFigures(attendance).present,
    requiredPresent: 0,
    met: true,
    violation: null,
  };
}

export interface ResolutionInput {
  text: string;
  forVotes: number;
  againstVotes?: number;
  abstentions?: number;
}

export interface ResolutionResult extends ResolutionInput {
  passed: boolean;
  requiredFor: number | null;
  explanation: string;
  explanationEn: string;
}

/**
 * Resolutions of a general meeting pass with for-votes > 1/2 of the entitled full members (§E step 15, checkBranchVote);
 * resolutions of other meetings are recorded as decided (no vote rule in §F). For-votes never exceed those present.
 * Counts that are not non-negative integers (INVALID_COUNT) or more votes than voters present
 * (INCONSISTENT_VOTE_COUNTS) are answered as the first such resolution's input violation (400).
 */
export function resolveResolutions(
  kind: OccurrenceKind,
  quorum: QuorumCheck,
  resolutions: readonly ResolutionInput[],
  policy: PolicyTable,
): RuleResult<ResolutionResult[]> {
  const results: ResolutionResult[] = [];
  for (const [i, r] of resolutions.entries()) {
    const votes = [r.forVotes, r.againstVotes ?? 0, r.abstentions ?? 0];
    if (votes.some((v) => !Number.isInteger(v) || v < 0)) {
      return ruleRefused(
        invalidInput(
          'INVALID_COUNT',
          `resolutions[${i}]: votes must be non-negative integers`,
          `第${i + 1}项决议票数无效`,
          {
            field: `resolutions[${i}]`,
          },
        ),
      );
    }
    if (quorum.rule !== 'generalMeeting') {
      results.push({
        ...r,
        passed: true,
        requiredFor: null,
        explanation: '会议议定',
        explanationEn: 'decided by the meeting',
      });
      continue;
    }
    if (votes[0] + votes[1] + votes[2] > quorum.present) {
      return ruleRefused(
        invalidInput(
          'INCONSISTENT_VOTE_COUNTS',
          `resolutions[${i}]: ${votes[0] + votes[1] + votes[2]} votes from ${quorum.present} present`,
          `第${i + 1}项决议票数${votes[0] + votes[1] + votes[2]}超过实到有表决权人数${quorum.present}`,
          { field: `resolutions[${i}]`, present: quorum.present },
        ),
      );
    }
    const vote = checkBranchVote({ entitled: quorum.entitled, present: quorum.present, forVotes: r.forVotes }, policy);
    results.push({
      ...r,
      passed: vote.passed,
      requiredFor: vote.requiredFor,
      explanation: vote.explanation,
      explanationEn: vote.explanationEn,
    });
  }
  return ruleOk(results);
}

/**
 * The secretary's own class counts for the ≥ 1 a year rule (RULES §F, 书记讲党课) when its teacher is one of the
 * organization's secretaries on the day it was held; activists invited are listed, not counted. The one home of the
 * rule: the API and the org-life workflow check a secretary's class with it (checkSecretaryClass), and the record
 * keeps its answer (`teacherIsSecretary`), which is all compliance counts.
 */
export function classCountsForSecretary(teacherPersonId: string, secretaryPersonIds: readonly string[]): boolean {
  return secretaryPersonIds.includes(teacherPersonId);
}

/**
 * 书记讲党课 (RULES §F): an occurrence of the kind secretaryPartyClass is taught by the organization's secretary on the
 * day it was held (`secretaryPersonIds`: the secretaries then, from the registry's posts). Another teacher's class is a
 * party class, not the secretary's: refused (422 naming the teacher, the date and how many secretaries there were).
 * Other kinds pass; a class without a teacher is CLASS_NEEDS_TEACHER_AND_HOURS, not this rule.
 */
export function checkSecretaryClass(
  kind: OccurrenceKind,
  teacherPersonId: string | null,
  secretaryPersonIds: readonly string[],
  heldOn: string,
): RuleViolation | null {
  if (kind !== 'secretaryPartyClass' || !teacherPersonId) return null;
  if (classCountsForSecretary(teacherPersonId, secretaryPersonIds)) return null;
  return violation({
    code: 'SECRETARY_CLASS_NOT_BY_SECRETARY',
    kind: 'rule',
    rule: 'RULES §F',
    message: `书记讲党课须由本组织书记讲授：${teacherPersonId}在${heldOn}不是本组织书记（当日书记${secretaryPersonIds.length}人）`,
    messageEn: `the secretary's party class is taught by the organization's secretary: ${teacherPersonId} was not its secretary on ${heldOn} (${secretaryPersonIds.length} secretary(ies) that day)`,
    numbers: {
      field: 'teacherPersonId',
      teacherPersonId,
      heldOn,
      secretaries: secretaryPersonIds.length,
    },
  });
}

export interface RosterMember {
  personId: string;
  status: AttendanceEntry['membershipStatus'];
}

export interface AttendanceMark {
  personId: string;
  status: AttendanceEntry['status'];
  reason?: string | null;
}

/**
 * Attendance from the roster on the meeting date (RULES §F): every member of the audience (all members, or the
 * committee members for a committee meeting) appears once, marked as given or `absent` (without reason) when not
 * marked. A mark for someone outside the audience on that date is refused (400 NOT_ON_ROSTER naming the person).
 */
export function rosterAttendance(
  kind: OccurrenceKind,
  roster: readonly RosterMember[],
  postsByPerson: Readonly<Record<string, AttendanceEntry['posts']>>,
  marks: readonly AttendanceMark[],
  policy: PolicyTable,
): RuleResult<AttendanceEntry[]> {
  const info = occurrenceKindInfo(kind, policy);
  if (info.audience === 'none') return ruleOk([]);
  const audience = roster.filter(
    (m) => info.audience === 'members' || committeeMember({ ...asEntry(m), posts: postsByPerson[m.personId] }),
  );
  const byId = new Map(audience.map((m) => [m.personId, m]));
  const marked = new Map<string, AttendanceMark>();
  for (const [i, mark] of marks.entries()) {
    if (!byId.has(mark.personId)) {
      return ruleRefused(
        invalidInput(
          'NOT_ON_ROSTER',
          `attendance[${i}]: ${mark.personId} is not on the ${info.audience === 'committee' ? 'committee' : 'roster'} on the meeting date`,
          `${mark.personId}在会议当日不在${info.audience === 'committee' ? '委员会' : '党员名册'}中`,
          { field: `attendance[${i}].personId`, personId: mark.personId },
        ),
      );
    }
    marked.set(mark.personId, mark);
  }
  return ruleOk(
    audience.map((m) => {
      const mark = marked.get(m.personId);
      return {
        personId: m.personId,
        membershipStatus: m.status,
        status: mark?.status ?? 'absent',
        reason: mark?.reason ?? null,
        posts: postsByPerson[m.personId] ?? [],
      };
    }),
  );
}

function asEntry(m: RosterMember): AttendanceEntry {
  return { personId: m.personId, membershipStatus: m.status, status: 'absent' };
}
