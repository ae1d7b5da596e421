import { isoDateViolation } from '../dates/date-math';
import { periodEnd } from '../dates/period';
import { invalidInput, violation, type RuleViolation } from '../errors/rule-violation';
import type { PolicyTable } from '../policy/policy-table';

// 述职评议 — RULES §F: each organ party organization's secretary reports yearly to the upper organization (机关条例2019
// Art. 39) and is appraised there (seed 003: "基层党组织书记向上一级党组织述职并接受评议考核"). RULES gives no grades:
// they are policy (orgLife.secretaryReportGrades, best first; our default 好 / 较好 / 一般 / 差, the usual scale of these
// appraisals), as are whether the grade must follow the appraisal votes and which grades call for rectification.

export interface ReportGrade {
  id: string;
  zh: string;
  en: string;
}

export interface SecretaryReportAppraisal {
  grade: unknown;
  /** votes of the appraisal (民主测评) per grade id; absent when the upper organization grades without a vote */
  votes?: Record<string, unknown> | null;
  appraisedOn: unknown;
}

/** The grade's entry in the policy, or undefined. */
export function reportGrade(id: unknown, policy: PolicyTable): ReportGrade | undefined {
  return policy.orgLife.secretaryReportGrades.find((g) => g.id === id);
}

/**
 * The secretary reports for `year` during that year or the next one (a year-end or early-year report), not in the
 * future — RULES §F (yearly, 机关条例2019 Art. 39).
 */
export function checkSecretaryReportDate(year: number, reportedOn: string, today: string): RuleViolation | null {
  const badDate = isoDateViolation(reportedOn); // 400 INVALID_DATE naming the value, not thrown
  if (badDate) return badDate;
  const y = Number(reportedOn.slice(0, 4));
  if (y !== year && y !== year + 1) {
    return invalidInput(
      'REPORT_DATE_OUTSIDE_YEAR',
      `reportedOn ${reportedOn}: the report for ${year} is given in ${year} or ${year + 1}`,
      `${year}年度述职须在${year}年或${year + 1}年进行，收到${reportedOn}`,
      { field: 'reportedOn', year },
    );
  }
  if (reportedOn > today) {
    return invalidInput(
      'REPORT_DATE_FUTURE',
      `reportedOn ${reportedOn} is after today (${today})`,
      `述职日期${reportedOn}晚于今天（${today}）`,
      {
        field: 'reportedOn',
        today,
      },
    );
  }
  return null;
}

/**
 * Someone reports: the organization holds a secretary on the report date — RULES §F (述职: each secretary reports to
 * the upper organization). `posts` are the organization's posts on that date.
 */
export function checkReportingSecretary(
  org: { id: string; name: string },
  reportedOn: string,
  posts: readonly { post: string }[],
): RuleViolation | null {
  if (posts.some((p) => p.post === 'secretary')) return null;
  return violation({
    code: 'NO_SECRETARY',
    kind: 'rule',
    rule: 'RULES §F (述职: each secretary reports)',
    message: `${org.name}在${reportedOn}没有书记，无人述职`,
    messageEn: `${org.name} has no secretary on ${reportedOn}: nobody to report`,
    numbers: { orgId: org.id, reportedOn },
  });
}

/**
 * The upper organization's appraisal of a report — RULES §F: a grade of the policy's scale, given on or after the
 * report and not in the future; with votes, every count a non-negative integer of a known grade, and, when the policy
 * says the grade follows the votes (secretaryReportGradeByVotes), the grade with the most votes (a tie: the lower).
 */
export function checkSecretaryReportAppraisal(
  a: SecretaryReportAppraisal,
  ctx: { reportedOn: string; today: string },
  policy: PolicyTable,
): RuleViolation | null {
  const grades = policy.orgLife.secretaryReportGrades;
  const grade = reportGrade(a.grade, policy);
  if (!grade) {
    return invalidInput(
      'INVALID_GRADE',
      `grade must be one of ${grades.map((g) => g.id).join(', ')}, got ${String(a.grade)}`,
      `评议等次须为${grades.map((g) => g.zh).join('、')}之一`,
      { field: 'grade', allowed: grades.map((g) => g.id).join(', ') },
    );
  }
  if (typeof a.appraisedOn !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(a.appraisedOn)) {
    return invalidInput('INVALID_DATE', 'appraisedOn: YYYY-MM-DD expected', '请填写评议日期（appraisedOn）', {
      field: 'appraisedOn',
    });
  }
  const badDate = isoDateViolation(a.appraisedOn); // 400 INVALID_DATE naming the value, not thrown
  if (badDate) return badDate;
  if (a.appraisedOn < ctx.reportedOn || a.appraisedOn > ctx.today) {
    return invalidInput(
      'APPRAISAL_DATE_INVALID',
      `appraisedOn ${a.appraisedOn} must lie between the report (${ctx.reportedOn}) and today (${ctx.today})`,
      `评议日期${a.appraisedOn}须在述职日期（${ctx.reportedOn}）之后、今天（${ctx.today}）之前`,
      { field: 'appraisedOn', reportedOn: ctx.reportedOn, today: ctx.today },
    );
  }
  if (a.votes === null || a.votes === undefined) return null;
  const counts = new Map<string, number>();
  for (const [id, n] of Object.entries(a.votes)) {
    if (!reportGrade(id, policy) || typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
      return invalidInput(
        'INVALID_COUNT',
        `votes.${id}: a non-negative integer of a grade (${grades.map((g) => g.id).join(', ')})`,
        `测评票数（votes.${id}）须为非负整数且对应评议等次`,
        { field: `votes.${id}` },
      );
    }
    counts.set(id, n);
  }
  if (!policy.orgLife.secretaryReportGradeByVotes) return null;
  const max = Math.max(0, ...counts.values());
  if (max === 0) return null;
  const winner = [...grades].reverse().find((g) => counts.get(g.id) === max)!;
  if (winner.id === grade.id) return null;
  return violation({
    code: 'GRADE_NOT_SUPPORTED_BY_VOTES',
    kind: 'rule',
    rule: 'RULES §F (述职评议; policy orgLife.secretaryReportGradeByVotes)',
    message: `评议等次“${grade.zh}”与测评票数不符（得票最多的是“${winner.zh}”，${max}票）`,
    messageEn: `grade ${grade.en} given, the votes favour ${winner.en} (${max} votes)`,
    numbers: { field: 'grade', grade: grade.id, favoured: winner.id, max },
  });
}

/** A grade that calls for rectification (policy orgLife.secretaryReportRectifyGrades): the deadline, else null. */
export function secretaryReportFollowUp(
  gradeId: string,
  appraisedOn: string,
  policy: PolicyTable,
): { rectifyBy: string; message: string; messageEn: string } | null {
  if (!policy.orgLife.secretaryReportRectifyGrades.includes(gradeId)) return null;
  const grade = reportGrade(gradeId, policy);
  const rectifyBy = periodEnd(appraisedOn, policy.orgLife.secretaryReportRectifyPeriod, policy); // RULES H-13
  return {
    rectifyBy,
    message: `述职评议为“${grade?.zh ?? gradeId}”：限期至${rectifyBy}整改并报告`,
    messageEn: `appraised ${grade?.en ?? gradeId}: rectify and report by ${rectifyBy}`,
  };
}

/** The rectification report is dated on or after the appraisal and not in the future (a late one is still taken). */
export function checkRectifiedOn(rectifiedOn: unknown, appraisedOn: string, today: string): RuleViolation | null {
  if (typeof rectifiedOn !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(rectifiedOn)) {
    return invalidInput('INVALID_DATE', 'rectifiedOn: YYYY-MM-DD expected', '请填写整改完成日期（rectifiedOn）', {
      field: 'rectifiedOn',
    });
  }
  const badDate = isoDateViolation(rectifiedOn); // 400 INVALID_DATE naming the value, not thrown
  if (badDate) return badDate;
  if (rectifiedOn < appraisedOn || rectifiedOn > today) {
    return invalidInput(
      'RECTIFIED_DATE_INVALID',
      `rectifiedOn ${rectifiedOn} must lie between the appraisal (${appraisedOn}) and today (${today})`,
      `整改完成日期${rectifiedOn}须在评议日期（${appraisedOn}）之后、今天（${today}）之前`,
      { field: 'rectifiedOn', appraisedOn, today },
    );
  }
  return null;
}
