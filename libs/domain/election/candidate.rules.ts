import { hasFullMemberRights } from '../registry/member-rights.rules';
import {
  invalidInput,
  ruleOk,
  ruleRefused,
  violation,
  type RuleResult,
  type RuleViolation,
} from '../errors/rule-violation';
import type { RosterEntry, VoterStatus } from './voters.rules';

export type CandidateIneligibility = Exclude<VoterStatus, 'full'> | 'notMember';

const REASON_ZH: Record<CandidateIneligibility, string> = {
  notMember: '非本组织党员',
  probationary: '预备党员',
  rightsSuspended: '权利被停止',
  partyProbation: '留党察看期间',
};

/** Why each ineligible candidate cannot stand, in candidate order; duplicate roster rows count once (first wins). */
export function ineligibleCandidates(
  candidateIds: string[],
  roster: RosterEntry[],
): { personId: string; reason: CandidateIneligibility }[] {
  const statusById = new Map<string, VoterStatus>();
  for (const entry of roster) if (!statusById.has(entry.personId)) statusById.set(entry.personId, entry.status);
  const out: { personId: string; reason: CandidateIneligibility }[] = [];
  const seen = new Set<string>();
  for (const id of candidateIds) {
    if (seen.has(id)) continue;
    seen.add(id);
    const status = statusById.get(id);
    if (status === undefined) out.push({ personId: id, reason: 'notMember' });
    else if (!hasFullMemberRights(status)) out.push({ personId: id, reason: status as CandidateIneligibility });
  }
  return out;
}

/**
 * Candidates must be full members of the organization with their rights intact: not probationary, not under
 * 留党察看, rights not suspended, and on the organization's roster — RULES §D.2, §D.3, H-17.
 */
export function checkCandidatesEligible(candidateIds: string[], roster: RosterEntry[]): RuleViolation | null {
  const bad = ineligibleCandidates(candidateIds, roster);
  if (bad.length === 0) return null;
  const list = bad.map((b) => `${b.personId}:${b.reason}`).join(',');
  return violation({
    code: 'CANDIDATE_NOT_ELIGIBLE',
    kind: 'rule',
    rule: 'RULES §D.2',
    message: `${bad.length}名候选人不符合条件（须为本组织享有权利的正式党员）：${bad
      .map((b) => `${b.personId}（${REASON_ZH[b.reason]}）`)
      .join('、')}`,
    messageEn: `${bad.length} candidate(s) not eligible (must be full members of the organization with rights): ${bad
      .map((b) => `${b.personId} (${b.reason})`)
      .join(', ')}`,
    numbers: { count: bad.length, ineligible: list, personIds: bad.map((b) => b.personId).join(',') },
  });
}

const VACANT_POSTS = new Set(['secretary', 'deputySecretary', 'committeeMember']);

/**
 * Seats a by-election fills: one per vacant committee post, the secretary's and deputy's seats included; the new
 * committee elects officers only when a secretary or deputy post is vacant — RULES §B.4, §D.6, §D.8. No vacancy
 * (NO_VACANCIES) or a post that is not a committee post (INVALID_POST) is the input violation instead (400).
 */
export function byElectionSeats(vacancies: { post: string }[]): RuleResult<{ seats: number; electOfficers: boolean }> {
  if (vacancies.length === 0) {
    return ruleRefused(
      invalidInput('NO_VACANCIES', 'a by-election needs at least one vacancy', '补选须至少有一个缺额'),
    );
  }
  for (const v of vacancies) {
    if (!VACANT_POSTS.has(v.post)) {
      return ruleRefused(
        invalidInput('INVALID_POST', `unknown committee post: ${v.post}`, `未知的委员职务：${v.post}`, {
          post: v.post,
        }),
      );
    }
  }
  return ruleOk({
    seats: vacancies.length,
    electOfficers: vacancies.some((v) => v.post === 'secretary' || v.post === 'deputySecretary'),
  });
}
