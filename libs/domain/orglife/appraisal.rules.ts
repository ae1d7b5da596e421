import { periodEnd } from '../dates/period';
import { invalidInput, violation, type RuleViolation } from '../errors/rule-violation';
import type { PolicyTable } from '../policy/policy-table';
import { APPRAISAL_GRADES, type AppraisalGrade } from './orglife.types';

// 民主评议党员 — RULES §F: self-assessment, mutual appraisal, the branch committee grades each member (优秀 / 合格 /
// 基本合格 / 不合格) with the votes, results filed upward; a 不合格 grade opens the follow-up (education, a deadline to
// improve, then organizational handling).

export interface GradeVotes {
  excellent: number;
  qualified: number;
  basicallyQualified: number;
  unqualified: number;
}

export interface AppraisalFollowUp {
  action: 'educate';
  improveBy: string;
  message: string;
  messageEn: string;
}

export const GRADE_NAMES: Record<AppraisalGrade, { zh: string; en: string }> = {
  excellent: { zh: '优秀', en: 'excellent' },
  qualified: { zh: '合格', en: 'qualified' },
  basicallyQualified: { zh: '基本合格', en: 'basically qualified' },
  unqualified: { zh: '不合格', en: 'unqualified' },
};

/**
 * A committee grade against its votes (RULES §F 民主评议党员): the grade given must have the most votes (a tie: the
 * lower grade), as the secretaries' report (checkSecretaryReportAppraisal) does. Returns the violation, never throws:
 * an unknown grade or a malformed count is 400 naming the field, a grade the votes do not support 422 naming the rule,
 * the grade given, the one favoured and its votes.
 */
export function checkGrade(
  grade: AppraisalGrade,
  votes: GradeVotes | null | undefined,
  field = 'grade',
): RuleViolation | null {
  if (!APPRAISAL_GRADES.includes(grade)) {
    return invalidInput('INVALID_GRADE', `${field}: unknown grade ${String(grade)}`, `等次无效：${String(grade)}`, {
      field,
    });
  }
  if (!votes) return null;
  const counts = APPRAISAL_GRADES.map((g) => votes[g]);
  if (counts.some((v) => !Number.isInteger(v) || v < 0)) {
    return invalidInput('INVALID_COUNT', `${field}: votes must be non-negative integers`, '票数须为非负整数', {
      field,
    });
  }
  const max = Math.max(...counts);
  const winner = [...APPRAISAL_GRADES].reverse().find((g) => votes[g] === max)!;
  if (max === 0 || winner === grade) return null;
  return violation({
    code: 'GRADE_NOT_SUPPORTED_BY_VOTES',
    kind: 'rule',
    rule: 'RULES §F (民主评议党员)',
    message: `评定等次“${GRADE_NAMES[grade].zh}”与票数不符（得票最多的是“${GRADE_NAMES[winner].zh}”，${max}票）`,
    messageEn: `${field}: ${GRADE_NAMES[grade].en} given, the votes favour ${GRADE_NAMES[winner].en} (${max} votes)`,
    numbers: { field, grade, favoured: winner, max, given: votes[grade] },
  });
}

/** The follow-up of a 不合格 grade: education and a deadline to improve (policy.orgLife.appraisalImprovementPeriod). */
export function appraisalFollowUp(
  grade: AppraisalGrade,
  decidedOn: string,
  policy: PolicyTable,
): AppraisalFollowUp | null {
  if (grade !== 'unqualified') return null;
  const improveBy = periodEnd(decidedOn, policy.orgLife.appraisalImprovementPeriod, policy); // RULES H-13
  return {
    action: 'educate',
    improveBy,
    message: `评为不合格：进行批评教育，限期至${improveBy}改正；逾期不改的按规定进行组织处置`,
    messageEn: `graded unqualified: education, improve by ${improveBy}, then organizational handling`,
  };
}

const APPRAISAL_RULE = 'RULES §F (民主评议党员)';

/**
 * The mutual appraisal (民主测评/互评) of one member, tallied from the members present (RULES §F 民主评议党员: self-
 * assessment and mutual appraisal come before the committee grades). The tallies are non-negative integers (400 naming
 * the field), at least one member is present and no more than are on the roster that day, and no more votes are cast
 * than members present (422 with the numbers). Returns the violation, never throws.
 */
export function checkMutualAppraisal(
  votes: GradeVotes,
  present: number,
  members: number,
  field = 'votes',
): RuleViolation | null {
  const counts = APPRAISAL_GRADES.map((g) => votes[g]);
  if (counts.some((v) => !Number.isInteger(v) || v < 0)) {
    return invalidInput('INVALID_COUNT', `${field}: votes must be non-negative integers`, '票数须为非负整数', {
      field,
    });
  }
  if (!Number.isInteger(present) || present < 1) {
    return invalidInput('INVALID_COUNT', 'present: at least one member present', '参加测评人数须为正整数', {
      field: 'present',
    });
  }
  if (present > members) {
    return violation({
      code: 'APPRAISAL_PRESENT_EXCEEDS_MEMBERS',
      kind: 'rule',
      rule: APPRAISAL_RULE,
      message: `参加测评${present}人，多于当日名册上的${members}名党员`,
      messageEn: `present: ${present} present, more than the ${members} members on the roster that day`,
      numbers: { field: 'present', present, members },
    });
  }
  const cast = counts.reduce((a, b) => a + b, 0);
  if (cast > present) {
    return violation({
      code: 'APPRAISAL_VOTES_EXCEED_PRESENT',
      kind: 'rule',
      rule: APPRAISAL_RULE,
      message: `测评票数${cast}票，多于参加测评的${present}人`,
      messageEn: `${field}: ${cast} votes cast, more than the ${present} members present`,
      numbers: { field, cast, present },
    });
  }
  return null;
}

/** What a member's appraisal holds before the committee grades (the stored row or the grade's own entries). */
export interface AppraisalAssessment {
  selfAssessment: string | null | undefined;
  votes: GradeVotes | null | undefined;
}

/**
 * The committee grades a member only after the member's self-assessment and the mutual appraisal (RULES §F 民主评议党员):
 * 422 APPRAISAL_NOT_ASSESSED naming what is missing. Returns the violation, never throws.
 */
export function checkAppraisalAssessed(
  personId: string,
  assessment: AppraisalAssessment,
  field = 'personId',
): RuleViolation | null {
  const missing = [
    ...(assessment.selfAssessment && assessment.selfAssessment.trim() !== '' ? [] : ['selfAssessment']),
    ...(assessment.votes ? [] : ['votes']),
  ];
  if (missing.length === 0) return null;
  const zh = missing.map((m) => (m === 'votes' ? '民主测评' : '自我评价')).join('、');
  return violation({
    code: 'APPRAISAL_NOT_ASSESSED',
    kind: 'rule',
    rule: APPRAISAL_RULE,
    message: `${personId}尚无${zh}记录，支部委员会不能评定等次`,
    messageEn: `${field}: ${personId} has no ${missing.join(' and ')} recorded; the committee grades after them`,
    numbers: { field, personId, missing: missing.join(',') },
  });
}

/**
 * Results are filed with the upper organization (报上级党组织备案, RULES §F 民主评议党员) once every member on the
 * roster has a grade for the year: 422 APPRAISAL_INCOMPLETE with the numbers ("3 of 12 members ungraded") otherwise.
 */
export function checkAppraisalComplete(
  memberIds: readonly string[],
  gradedIds: ReadonlySet<string>,
): RuleViolation | null {
  const ungraded = memberIds.filter((id) => !gradedIds.has(id));
  if (memberIds.length > 0 && ungraded.length === 0) return null;
  return violation({
    code: 'APPRAISAL_INCOMPLETE',
    kind: 'rule',
    rule: APPRAISAL_RULE,
    message: `${memberIds.length}名党员中尚有${ungraded.length}名未评定等次，不能报上级党组织备案`,
    messageEn: `${ungraded.length} of ${memberIds.length} members ungraded: the results cannot be filed yet`,
    numbers: { ungraded: ungraded.length, members: memberIds.length, first: ungraded.slice(0, 5).join(',') },
  });
}

export type AppraisalFollowUpStatus = 'improving' | 'handlingDue' | 'improved';

/**
 * Where a 不合格 follow-up stands on `today` (RULES §F 民主评议党员: education, a deadline to improve, then organizational
 * handling 组织处置): improved once recorded; after improveBy without it, organizational handling is due. Null for a
 * grade without follow-up.
 */
export function appraisalFollowUpStatus(
  followUp: { improveBy?: unknown } | null | undefined,
  improvedOn: string | null | undefined,
  today: string,
): AppraisalFollowUpStatus | null {
  if (!followUp || typeof followUp.improveBy !== 'string') return null;
  if (improvedOn) return 'improved';
  return today > followUp.improveBy ? 'handlingDue' : 'improving';
}

/**
 * Recording the improvement of a 不合格 member closes the follow-up (RULES §F 民主评议党员): only a grade with a
 * follow-up (422 APPRAISAL_NO_FOLLOW_UP), not yet closed (409), dated between the decision and today (400 naming the
 * field). Returns the violation, never throws.
 */
export function checkImprovement(
  appraisal: { grade: string | null; decidedOn: string | null; followUp: unknown; improvedOn: string | null },
  improvedOn: string,
  today: string,
): RuleViolation | null {
  if (!appraisal.followUp || !appraisal.decidedOn) {
    return violation({
      code: 'APPRAISAL_NO_FOLLOW_UP',
      kind: 'rule',
      rule: APPRAISAL_RULE,
      message: `评定等次为“${GRADE_NAMES[appraisal.grade as AppraisalGrade]?.zh ?? '未评定'}”，无需限期改正`,
      messageEn: `the grade is ${GRADE_NAMES[appraisal.grade as AppraisalGrade]?.en ?? 'not given'}: nothing to improve`,
      numbers: { grade: appraisal.grade ?? 'none' },
    });
  }
  if (appraisal.improvedOn) {
    return violation({
      code: 'APPRAISAL_FOLLOW_UP_CLOSED',
      kind: 'conflict',
      rule: APPRAISAL_RULE,
      message: `已于${appraisal.improvedOn}记录改正`,
      messageEn: `improvement already recorded on ${appraisal.improvedOn}`,
      numbers: { improvedOn: appraisal.improvedOn },
    });
  }
  if (improvedOn < appraisal.decidedOn || improvedOn > today) {
    return invalidInput(
      'INVALID_DATE',
      `improvedOn: ${improvedOn} must lie between the grade (${appraisal.decidedOn}) and today (${today})`,
      `改正日期须在评定日期${appraisal.decidedOn}与今天${today}之间`,
      { field: 'improvedOn', decidedOn: appraisal.decidedOn, today },
    );
  }
  return null;
}
