import { violation, type RuleViolation } from '../errors/rule-violation';

/** The one code every registry refusal about people outside the caller's scope is answered with. */
export const PERSON_NOT_ELIGIBLE = 'PERSON_NOT_ELIGIBLE';

/** The people a registry refusal names (`numbers.personId`, or the comma-separated `numbers.personIds`). */
export function personIdsNamedBy(refusal: RuleViolation): string[] {
  const { personId, personIds } = refusal.numbers;
  if (typeof personIds === 'string' && personIds !== '') return personIds.split(',');
  return typeof personId === 'string' && personId !== '' ? [personId] : [];
}

/**
 * 组织台账 privacy (RULES §H.15; issue 8 §4): a registry check on a decision or start that refuses people whose record
 * the caller may not read answers with one neutral refusal, whatever the reason was — already a member, probationary,
 * under 留党察看 or rights suspended, a member of which organization. The caller learns only what the step's outcome
 * tells anyway (these people do not qualify here), never their status or organization. The rule cited stays the step's.
 */
export function withheldPersonRefusal(refusal: RuleViolation, personIds: readonly string[]): RuleViolation {
  const ids = personIds.join('、');
  return violation({
    code: PERSON_NOT_ELIGIBLE,
    kind: 'rule',
    rule: refusal.rule,
    message: `${ids}不符合本步骤对人员的要求；其党籍信息不在您的查看范围内，具体原因不予显示，可请上级党组织核实`,
    messageEn:
      `${personIds.join(', ')} ${personIds.length === 1 ? 'does' : 'do'} not meet this step's requirement; ` +
      'their registry record is outside your scope, so the reason is withheld (the upper organization can check)',
    numbers: { personIds: personIds.join(','), count: personIds.length },
  });
}
