import { isIsoDate } from '../dates/date-math';
import { invalidInput, type RuleViolation } from '../errors/rule-violation';

/**
 * 批复 (formal reply, RULES §C.2, §D.7): a document number is required on approval; the effective date, when given,
 * must be a real calendar date (a term or a post starts on it; an impossible date would stall the case).
 */
export function checkFormalReply(payload: Record<string, unknown> | undefined, rule: string): RuleViolation | null {
  const replyNo = payload?.replyNo;
  if (typeof replyNo !== 'string' || replyNo.trim() === '') {
    return {
      ...invalidInput('PAYLOAD_INVALID', 'payload field missing or invalid: replyNo', '提交内容缺少或有误：replyNo', {
        field: 'replyNo',
      }),
      rule,
    };
  }
  const date = payload?.effectiveDate;
  if (date === undefined) return null;
  if (isIsoDate(date)) return null;
  return {
    ...invalidInput(
      'PAYLOAD_INVALID',
      'effectiveDate must be a calendar date (YYYY-MM-DD)',
      '生效日期须为有效日期（YYYY-MM-DD）',
      {
        field: 'effectiveDate',
      },
    ),
    rule,
  };
}
