import type { CandidateList, Outcome } from '../../../libs/contracts';
import { candidateListSchema, electionPreparationSchema, nominationsSchema } from '../../kernel/lazy-contracts';
import { invalidPayload } from '../../kernel/lazy-contracts';
import {
  checkByElectionSlate,
  checkCandidatesEligible,
  checkSlateSurplus,
  type PolicyTable,
  type RosterEntry,
  type RuleViolation,
  checkFormalReply,
  checkByElectionCommittee,
  checkElectionSeats,
  localDate,
} from '../../../libs/domain';

// Synchronous checks of step payloads, run in the decideTask validator (a refused payload never enters history).

type Payload = Record<string, unknown> | undefined;
type Validator = (payload: Payload, outcome: Outcome) => RuleViolation | null;

function firstIssue(issues: { path: PropertyKey[] }[], fallback: string): string {
  const path = issues[0]?.path.map(String).join('.');
  return path ? path : fallback;
}

/** E0: the upper body's reminder task (RULES §D.1 T − 6 months) can only be acknowledged: the election is mandatory. */
export const acknowledgeOnly: Validator = (_payload, outcome) =>
  outcome === 'approve'
    ? null
    : {
        code: 'OUTCOME_NOT_ALLOWED',
        kind: 'invalid',
        rule: 'RULES §D.1',
        message: '换届提醒只能确认收悉，换届选举必须按期进行',
        messageEn: 'a term reminder can only be acknowledged (approve); the term election is mandatory',
        numbers: { outcome },
      };

/** E1: the outgoing committee's decision on the election; a delegate congress needs its upper approval (RULES §B.1). */
export const preparationValidator: Validator = (payload) => {
  const parsed = electionPreparationSchema.safeParse(payload ?? {});
  if (!parsed.success) return invalidPayload(firstIssue(parsed.error.issues, 'preparation'), 'RULES §D.1');
  if (parsed.data.delegateCongress && !parsed.data.congressApprovalRef) {
    return invalidPayload('congressApprovalRef (a delegate congress needs the upper approval)', 'RULES §B.1');
  }
  return null;
};

/**
 * E1: the seats decided for the next committee against the roster — RULES §B.1 at every term election: a branch
 * elects a committee only with ≥ 7 full members, of the size its type allows; a temporary branch elects nothing.
 */
export function seatsValidator(orgType: string, roster: RosterEntry[], policy: PolicyTable): Validator {
  return (payload) => {
    const parsed = electionPreparationSchema.safeParse(payload ?? {});
    if (!parsed.success) return null; // the preparation validator answers the shape
    return checkElectionSeats(orgType, parsed.data.seats, roster, policy).violation;
  };
}

/** E4: nominations from party cells or branches (RULES §D.2). */
export const nominationsValidator: Validator = (payload) => {
  const parsed = nominationsSchema.safeParse(payload ?? {});
  return parsed.success ? null : invalidPayload(firstIssue(parsed.error.issues, 'nominations'), 'RULES §D.2');
};

function parseList(payload: Payload): CandidateList | RuleViolation {
  const parsed = candidateListSchema.safeParse(payload ?? {});
  if (!parsed.success) return invalidPayload(firstIssue(parsed.error.issues, 'candidates'), 'RULES §D.2');
  const ids = parsed.data.candidates.map((c) => c.personId);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup !== undefined) return invalidPayload(`candidates (${dup} listed twice)`, 'RULES §D.2');
  return parsed.data;
}

function isViolation(v: CandidateList | RuleViolation): v is RuleViolation {
  return (v as RuleViolation).code !== undefined;
}

/**
 * E5: the candidate list — surplus ≥ seats + ceil(20%) (RULES §D.2), every candidate (and the secretary nominee) a
 * full member of the organization with rights intact as of the roster date (RULES §D.2, §D.3, H-17). A branch without
 * a committee (0 seats) elects its secretary directly; its list is not held to the committee surplus.
 */
export function candidateListValidator(seats: number, roster: RosterEntry[], policy: PolicyTable): Validator {
  return (payload) => {
    const list = parseList(payload);
    if (isViolation(list)) return list;
    if (seats > 0) {
      const surplus = checkSlateSurplus(seats, list.candidates.length, policy);
      if (surplus) return surplus;
    }
    const ids = list.candidates.map((c) => c.personId);
    if (list.secretaryNomineeId !== undefined && seats > 0 && !ids.includes(list.secretaryNomineeId)) {
      return invalidPayload('secretaryNomineeId (must be on the candidate list)', 'RULES §D.2');
    }
    const nominee = list.secretaryNomineeId !== undefined && !ids.includes(list.secretaryNomineeId);
    return checkCandidatesEligible(nominee ? [...ids, list.secretaryNomineeId!] : ids, roster);
  };
}

/** B1: the by-election slate — 等额 or 差额 by policy.byElectionMode (RULES §B.4, §D.8, H-6), eligible candidates. */
export function byElectionSlateValidator(
  seats: number,
  roster: RosterEntry[],
  policy: PolicyTable,
  committee?: { orgType: string; committeeMemberSeats: number },
): Validator {
  return (payload) => {
    const list = parseList(payload);
    if (isViolation(list)) return list;
    // RULES §B.1 at every by-election: no committee member is by-elected where no committee may exist
    const noCommittee = committee
      ? checkByElectionCommittee(committee.orgType, committee.committeeMemberSeats, roster, policy)
      : null;
    if (noCommittee) return noCommittee;
    return (
      checkByElectionSlate(seats, list.candidates.length, policy) ??
      checkCandidatesEligible(
        list.candidates.map((c) => c.personId),
        roster,
      )
    );
  };
}

/** Formal reply (批复): document number required on approval, effective date optional (RULES §C.2, §D.7). */
export const formalReplyValidator: Validator = (payload, outcome) =>
  outcome === 'approve' ? checkFormalReply(payload, 'RULES §D.7') : null;

/** The reply's document number and date: the effective date when given, else the day of the decision. */
export function replyOf(
  decision: { payload: Record<string, unknown> | null; at: string },
  policy?: PolicyTable,
): {
  replyNo: string;
  effectiveDate: string;
} {
  const p = decision.payload ?? {};
  return {
    replyNo: String(p.replyNo),
    // the decision's day on the organization's calendar (one localToday, issue 10); UTC without a policy
    effectiveDate:
      typeof p.effectiveDate === 'string'
        ? p.effectiveDate
        : policy
          ? localDate(decision.at, policy)
          : decision.at.slice(0, 10),
  };
}
