/** How a broken rule maps to a response: rule → 422, forbidden → 403, conflict → 409, notFound → 404, invalid → 400. */
export type ViolationKind = 'rule' | 'forbidden' | 'conflict' | 'notFound' | 'invalid';

export interface RuleViolation {
  /** SCREAMING_SNAKE machine code, e.g. 'QUORUM_NOT_MET' */
  code: string;
  kind: ViolationKind;
  /** the RULES.md section implemented, e.g. 'RULES §D.3' */
  rule: string;
  /** zh-CN text carrying the numbers */
  message: string;
  /** English text carrying the numbers */
  messageEn: string;
  numbers: Record<string, number | string | boolean>;
}

/** Builds a violation value (a frozen copy, so shared results cannot be mutated by callers). */
export function violation(v: RuleViolation): RuleViolation {
  return Object.freeze({ ...v, numbers: Object.freeze({ ...v.numbers }) }) as RuleViolation;
}

/** Thrown only where a function cannot return a violation value (bad policy version, malformed input). */
export class DomainRuleError extends Error {
  constructor(public readonly violation: RuleViolation) {
    super(violation.messageEn);
    this.name = 'DomainRuleError';
  }
}

export function isDomainRuleError(e: unknown): e is DomainRuleError {
  return e instanceof DomainRuleError;
}

/** Shorthand for input that breaks no rule but cannot be evaluated (negative counts, bad dates). */
export function invalidInput(code: string, messageEn: string, message: string, numbers: RuleViolation['numbers'] = {}) {
  return violation({ code, kind: 'invalid', rule: 'RULES §0.2', message, messageEn, numbers });
}

/**
 * What a rule returns when it also computes a value: the value, or the violation instead of it. Domain rules return
 * this rather than throwing (issue 10); the caller decides — a workflow refuses with ruleFailure, the API answers
 * through its exception filter (orThrow).
 */
export type RuleResult<T> = { ok: true; value: T } | { ok: false; violation: RuleViolation };

export function ruleOk<T>(value: T): RuleResult<T> {
  return { ok: true, value };
}

export function ruleRefused<T = never>(v: RuleViolation): RuleResult<T> {
  return { ok: false, violation: v };
}

/** The value, or the violation thrown as DomainRuleError: for callers at the edge (API services, the filter maps it). */
export function orThrow<T>(result: RuleResult<T>): T {
  if (!result.ok) throw new DomainRuleError(result.violation);
  return result.value;
}
