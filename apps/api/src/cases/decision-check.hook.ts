import type { Actor, DecisionBody, Procedure } from '../../../../libs/contracts';

/** What a per-procedure check sees of a decision before it is sent to the workflow. */
export interface DecisionCheckContext {
  actor: Actor;
  caseId: string;
  taskId: string;
  /** RULES step code of the task, e.g. E15 */
  step: string;
  body: DecisionBody;
}

/**
 * A procedure's registry checks on the generic decision route (POST /cases/:caseId/tasks/:taskId/decision): it throws
 * (DomainRuleError / ApiError) to refuse before the update is sent; the workflow validator stays authoritative.
 */
export interface DecisionCheckHook {
  readonly procedure: Procedure;
  beforeDecision(ctx: DecisionCheckContext): Promise<void>;
}

/** Injection token: the list of hooks, one per procedure that has registry checks. */
export const DECISION_CHECKS = Symbol('DECISION_CHECKS');
