import { invalidInput, violation, type RuleViolation } from '../errors/rule-violation';
import { administersPath, type ActorRef } from '../approval/task.rules';

// Changing cultivation contacts (更换培养联系人) — RULES §E step 5, failure path "contact leaves → reassign": the
// organization that assigned the contacts names new ones while the activist is being cultivated.

/**
 * Contacts can be changed once assigned and while they still have a part to play: during cultivation (step 6) and
 * up to the candidate decision (step 7), to which the contacts give their opinion. Afterwards the introducers
 * (step 9) take over.
 */
export function checkContactChangeStage(stage: string, contactsAssigned: boolean): RuleViolation | null {
  if (contactsAssigned && (stage === 'E6' || stage === 'E7')) return null;
  return violation({
    code: 'CONTACT_CHANGE_STAGE_NOT_ALLOWED',
    kind: 'conflict',
    rule: 'RULES §E step 5',
    message: `当前环节（${stage}）不能更换培养联系人：须在第5步指定培养联系人之后、第7步确定发展对象之前`,
    messageEn: `cultivation contacts can be changed after step 5 assigned them and up to step 7, not at ${stage}`,
    numbers: { stage, from: 6, to: 7 },
  });
}

/**
 * Who may change them: whoever may assign them (a submitter at the case's branch, the body of the step-5 task) or an
 * administrator of the branch or an ancestor.
 */
export function checkContactChangeActor(actor: ActorRef, orgPath: string[]): RuleViolation | null {
  if (administersPath(actor, orgPath)) return null;
  const branchId = orgPath[0];
  if (actor.roles.some((r) => r.role === 'submitter' && r.at === branchId)) return null;
  return violation({
    code: 'NOT_AUTHORIZED_FOR_CONTACT_CHANGE',
    kind: 'forbidden',
    rule: 'RULES §E step 5',
    message: `用户${actor.userId}不是该党支部（${branchId}）的经办人，也不是其管理员，无权更换培养联系人`,
    messageEn: `user ${actor.userId} is neither a submitter at branch ${branchId} nor an administrator over it`,
    numbers: { userId: actor.userId, orgId: branchId },
  });
}

/** A change must change something: the new contacts are not exactly the current ones. */
export function checkContactsChanged(current: readonly string[], next: readonly string[]): RuleViolation | null {
  const same = current.length === next.length && next.every((id) => current.includes(id));
  if (!same) return null;
  return invalidInput(
    'CONTACTS_UNCHANGED',
    `contactIds: ${next.join(', ')} are already the cultivation contacts`,
    `contactIds：${next.join('、')}已是培养联系人，无需更换`,
    { field: 'contactIds' },
  );
}
