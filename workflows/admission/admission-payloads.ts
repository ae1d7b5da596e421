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

/** The counts of a branch general meeting vote (steps 15, 23), or null when one is missing or not a number. */
export function voteCounts(p: Record<string, unknown> | undefined) {
  const n = (k: string) => (typeof p?.[k] === 'number' ? (p[k] as number) : undefined);
  const entitled = n('entitled');
  const present = n('present');
  const forVotes = n('forVotes');
  if (entitled === undefined || present === undefined || forVotes === undefined) return null;
  return { entitled, present, forVotes, writtenOpinionsFor: n('writtenOpinionsFor') ?? 0 };
}

/** An assessment that cancels the activist status gives its reason (RULES §E step 6). */
export function cancelPayload(rule: string): Validator {
  return (p) => {
    if (p?.cancel !== true) return null;
    return typeof p.reason === 'string' && p.reason.trim() ? null : invalidPayload('reason (required to cancel)', rule);
  };
}
