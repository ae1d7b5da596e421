import type { ActorRef } from '../approval/task.rules';
import type { RuleViolation } from '../errors/rule-violation';

/**
 * Who may enter election meeting data (attendance, ballots, closing a round): the case's clerks (its submitter)
 * or a submitter at a node on the organization's path. Meeting records are entered by the outgoing committee's
 * staff (RULES §D.3); approvers and others are refused.
 */
export function checkElectionClerk(actor: ActorRef, clerkUserIds: string[], orgPath: string[]): RuleViolation | null {
  if (clerkUserIds.includes(actor.userId)) return null;
  if (actor.roles.some((r) => r.role === 'submitter' && orgPath.includes(r.at))) return null;
  return {
    code: 'NOT_ELECTION_CLERK',
    kind: 'forbidden',
    rule: 'RULES §D.3',
    message: '只有本次选举的会务人员（提交人或本组织路径上的经办人）可以录入选举数据',
    messageEn:
      'only the election clerks (the case submitter or submitters on the organization path) may enter meeting data',
    numbers: {},
  };
}

/** 监票人、计票人 may not be candidates (RULES §A.1 scrutineer and teller). */
export function checkScrutineersAndTellers(staffIds: string[], candidateIds: string[]): RuleViolation | null {
  const candidates = new Set(candidateIds);
  const clash = staffIds.find((id) => candidates.has(id));
  if (clash === undefined) return null;
  return {
    code: 'SCRUTINEER_IS_CANDIDATE',
    kind: 'rule',
    rule: 'RULES §A.1',
    message: `监票人、计票人不得由候选人担任（${clash}）`,
    messageEn: `scrutineers and tellers may not be candidates (${clash})`,
    numbers: { personId: clash },
  };
}

export type RoundStatus = 'open' | 'closed';

export function checkRoundOpen(roundId: string, status: RoundStatus | undefined): RuleViolation | null {
  if (status === 'open') return null;
  return {
    code: status ? 'ROUND_CLOSED' : 'ROUND_NOT_FOUND',
    kind: status ? 'conflict' : 'notFound',
    rule: 'RULES §D.3',
    message: status ? `第 ${roundId} 轮投票已结束` : `没有第 ${roundId} 轮投票`,
    messageEn: status ? `round ${roundId} is closed` : `no round ${roundId}`,
    numbers: { roundId },
  };
}

export function electionPhaseViolation(phase: string, action: string): RuleViolation {
  return {
    code: 'ELECTION_WRONG_PHASE',
    kind: 'conflict',
    rule: 'RULES §D.3',
    message: `选举当前阶段（${phase}）不能执行该操作（${action}）`,
    messageEn: `the election is in phase ${phase}; ${action} is not possible now`,
    numbers: { phase, action },
  };
}

/**
 * Secretary and deputy nominees, one per post (RULES §D.6): required when the meeting elects them, and they must
 * be members of the new committee — or, in a branch without a committee, voting members present.
 */
export function checkOfficerNominees(
  nominees: { secretaryId: string; deputyId?: string } | undefined,
  required: boolean,
  /** null: check presence only (the pool is known later, e.g. after the roster is loaded) */
  pool: string[] | null,
  fromCommittee: boolean,
): RuleViolation | null {
  if (!nominees) {
    return required
      ? {
          code: 'OFFICER_CANDIDATES_REQUIRED',
          kind: 'invalid',
          rule: 'RULES §D.6',
          message: '本次会议选举书记、副书记，须提出书记（及副书记）候选人',
          messageEn: 'this meeting elects the secretary (and deputy): officerCandidates is required',
          numbers: {},
        }
      : null;
  }
  if (pool === null) return null;
  const eligible = new Set(pool);
  const outsider = [nominees.secretaryId, nominees.deputyId].find((id) => id !== undefined && !eligible.has(id));
  if (outsider === undefined) return null;
  return {
    code: 'OFFICER_CANDIDATE_NOT_ELIGIBLE',
    kind: 'rule',
    rule: 'RULES §D.6',
    message: fromCommittee
      ? `书记、副书记候选人 ${outsider} 不是新当选的委员`
      : `书记、副书记候选人 ${outsider} 不是到会有选举权的党员`,
    messageEn: fromCommittee
      ? `officer candidate ${outsider} is not a member of the newly elected committee`
      : `officer candidate ${outsider} is not a voting member present`,
    numbers: { personId: outsider },
  };
}
