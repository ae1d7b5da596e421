import { DomainRuleError, type RuleViolation } from '../../../../libs/domain';

/** Throws a pure rule's violation (mapped to its status and code by the global filter); passes on null. */
export function refuse(v: RuleViolation | null | undefined): void {
  if (v) throw new DomainRuleError(v);
}
