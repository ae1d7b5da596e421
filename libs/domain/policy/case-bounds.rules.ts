import { invalidInput, violation, type RuleViolation } from '../errors/rule-violation';
import type { PolicyTable } from './policy-table';

// Bounds on what one case can grow (issue 8 §2), so that no case approaches Temporal's per-workflow limits (2,000
// updates, 51,200 history events, 50 MB of history, 2 MB per payload). Policy numbers (RULES §G: the software's own
// defaults, not from the sources), in the policy table as `caseBounds`.

/** RULES §G (policy): the rule a refusal names. */
const RULE = 'RULES §G (caseBounds)';

/** Returns (退回) of one step already recorded in a case's timeline (decided tasks of that step, outcome return). */
export function countStepReturns(
  timeline: readonly { step: string; event: string; outcome: string | null }[],
  step: string,
): number {
  return timeline.filter((e) => e.step === step && e.event === 'task.decided' && e.outcome === 'return').length;
}

/**
 * A step may be returned for revision at most `caseBounds.maxReturnsPerStep` times in one case: past that the
 * approver decides (approve or reject), or an administrator cancels the case. Null when this return is allowed.
 */
export function checkReturnLoopCap(step: string, returnsSoFar: number, policy: PolicyTable): RuleViolation | null {
  const max = policy.caseBounds.maxReturnsPerStep;
  if (returnsSoFar < max) return null;
  return violation({
    code: 'RETURN_LOOP_CAP_REACHED',
    kind: 'rule',
    rule: RULE,
    message: `环节${step}已退回${returnsSoFar}次，达到上限${max}次：请作出同意或不同意的决定，或由管理员撤销事项`,
    messageEn: `step ${step} was returned ${returnsSoFar} times, the cap is ${max}: approve or reject it, or an administrator cancels the case`,
    numbers: { step, returns: returnsSoFar, maxReturnsPerStep: max },
  });
}

/** Cultivation contacts (RULES §E step 5) may be changed at most `caseBounds.maxContactChanges` times in one case. */
export function checkContactChangeCap(changesSoFar: number, policy: PolicyTable): RuleViolation | null {
  const max = policy.caseBounds.maxContactChanges;
  if (changesSoFar < max) return null;
  return violation({
    code: 'CONTACT_CHANGE_CAP_REACHED',
    kind: 'rule',
    rule: RULE,
    message: `本案已更换培养联系人${changesSoFar}次，达到上限${max}次`,
    messageEn: `the cultivation contacts of this case were changed ${changesSoFar} times, the cap is ${max}`,
    numbers: { contactChanges: changesSoFar, maxContactChanges: max },
  });
}

/** UTF-8 bytes of a value as JSON (what Temporal stores of it). */
export function jsonBytes(value: unknown): number {
  const json = JSON.stringify(value ?? null) ?? 'null';
  let bytes = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

/** A step's payload (the data of a decision) is at most `caseBounds.maxStepPayloadBytes` as JSON; 400 naming it. */
export function checkStepPayloadSize(step: string, payload: unknown, policy: PolicyTable): RuleViolation | null {
  if (payload === undefined || payload === null) return null;
  const max = policy.caseBounds.maxStepPayloadBytes;
  const bytes = jsonBytes(payload);
  if (bytes <= max) return null;
  return invalidInput(
    'STEP_PAYLOAD_TOO_LARGE',
    `payload of step ${step} has ${bytes} bytes as JSON, the limit is ${max}`,
    `环节${step}的数据（payload）为${bytes}字节，超过上限${max}字节`,
    { field: 'payload', step, bytes, maxStepPayloadBytes: max },
  );
}
