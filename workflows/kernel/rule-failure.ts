import { ApplicationFailure } from '@temporalio/workflow';
import type { RuleViolation } from '../../libs/domain';

/**
 * A refused update or a broken rule leaves the workflow as an ApplicationFailure whose `type` is the rule code and
 * whose first detail is the whole violation, so the API can answer 403/409/422 with the workflow's own reason.
 */
export function ruleFailure(v: RuleViolation): ApplicationFailure {
  return ApplicationFailure.create({ type: v.code, message: v.messageEn, details: [v], nonRetryable: true });
}

export function throwIfViolated(v: RuleViolation | null | undefined): void {
  if (v) throw ruleFailure(v);
}
