import { invalidInput, type RuleViolation } from '../../libs/domain';

/** Synchronous check of a task decision's payload, run in the update validator. */
export type Validator = (payload: Record<string, unknown> | undefined) => RuleViolation | null;

export function invalidPayload(field: string, rule: string): RuleViolation {
  return {
    ...invalidInput('PAYLOAD_INVALID', `payload field missing or invalid: ${field}`, `提交内容缺少或有误：${field}`, {
      field,
    }),
    rule,
  };
}

export function requireFields(
  payload: Record<string, unknown> | undefined,
  fields: string[],
  rule: string,
): RuleViolation | null {
  const missing = fields.filter((f) => payload?.[f] === undefined || payload?.[f] === '');
  return missing.length === 0 ? null : invalidPayload(missing.join(', '), rule);
}
