import { violation, type RuleViolation } from '../errors/rule-violation';

// 正式党员 with rights intact — RULES §A.1 (选举条例2020 Art. 5, 党章 Art. 5): the one home of the rule. Only a full
// member votes, stands for election, is appointed to a post, introduces a candidate or cultivates an activist; a
// probationary member has no such right, nor a member under 留党察看 (partyProbation) or whose rights are suspended
// (留置 / arrest: rightsSuspended). The registry writes exactly these statuses; 'full' is a member with rights.

/** Whether a registry membership status is a full member with rights intact (RULES §A.1). null: not a member. */
export function hasFullMemberRights(status: string | null | undefined): boolean {
  return status === 'full';
}

/** Membership status of each named person on the date of the step (null: no valid membership there). */
export type StatusByPerson = Record<string, string | null>;

/** Where the rule is asked: who must be a full member with rights, with the code and step their clients know. */
export type FullMemberRole = 'contact' | 'introducer' | 'slateCandidate' | 'appointee';

const ROLES: Record<FullMemberRole, { code: string; rule: string; zh: string; en: string }> = {
  contact: { code: 'CONTACT_NOT_FULL_MEMBER', rule: 'RULES §E step 5', zh: '培养联系人', en: 'cultivation contact' },
  introducer: { code: 'INTRODUCER_NOT_ELIGIBLE', rule: 'RULES §E step 9', zh: '入党介绍人', en: 'introducer' },
  slateCandidate: {
    code: 'SLATE_CANDIDATE_NOT_ELIGIBLE',
    rule: 'RULES §A.1, §D.2',
    zh: '委员候选人',
    en: 'candidate on the slate',
  },
  appointee: { code: 'APPOINTEE_NOT_ELIGIBLE', rule: 'RULES §A.1, §B.4', zh: '被指派人', en: 'appointee' },
};

const STATUS_ZH: Record<string, string> = {
  probationary: '预备党员',
  partyProbation: '留党察看期间',
  rightsSuspended: '权利被停止',
  notMember: '非本组织党员',
};

/**
 * Every person named for `role` is a full member with rights intact on the step's date (`statuses` from the
 * registry, null for someone with no membership there) — RULES §A.1 and the role's step. The first who is not is
 * named with their status ('notMember' when they have none); `names` adds a display name to the message.
 */
export function checkFullMembersWithRights(
  role: FullMemberRole,
  statuses: StatusByPerson,
  names: Readonly<Record<string, string>> = {},
): RuleViolation | null {
  const bad = Object.entries(statuses).filter(([, status]) => !hasFullMemberRights(status));
  if (bad.length === 0) return null;
  const [personId, raw] = bad[0]!;
  const status = raw ?? 'notMember';
  const r = ROLES[role];
  const who = names[personId] ? `${names[personId]}（${personId}）` : personId;
  const whoEn = names[personId] ? `${names[personId]} (${personId})` : personId;
  return violation({
    code: r.code,
    kind: 'rule',
    rule: r.rule,
    message: `${r.zh}须为权利正常的正式党员：${who}为${STATUS_ZH[status] ?? status}`,
    messageEn: `every ${r.en} must be a full member with rights intact: ${whoEn} is ${status}`,
    numbers: { personId, status, ineligible: bad.length },
  });
}
