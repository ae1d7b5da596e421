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
