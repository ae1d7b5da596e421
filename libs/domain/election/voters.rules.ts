import { hasFullMemberRights } from '../registry/member-rights.rules';
/** 党员状态 as it bears on the right to vote — RULES §A.1, §D.3 (选举条例2020 Art. 5). */
export type VoterStatus = 'full' | 'probationary' | 'rightsSuspended' | 'partyProbation';

export interface RosterEntry {
  personId: string;
  status: VoterStatus;
}

export interface EntitledVoters {
  /** full members with rights, not excluded: the 应到会 count N_due */
  dueIds: string[];
  /** probationary, under 留党察看, or rights suspended (留置 / arrest): no vote at all */
  noRightIds: string[];
  /** full members left out of N_due with upper approval (illness, abroad ≥ 6 months, …) */
  excludedIds: string[];
}

/**
 * Splits a roster into voters due to attend, members without a vote and approved exclusions — RULES §D.3.
 * Only full members vote; an exclusion only matters for someone who would otherwise be due. Duplicate roster rows
 * count once (first wins).
 */
export function computeEntitledVoters(roster: RosterEntry[], approvedExclusionIds: string[]): EntitledVoters {
  const excluded = new Set(approvedExclusionIds);
  const seen = new Set<string>();
  const result: EntitledVoters = { dueIds: [], noRightIds: [], excludedIds: [] };
  for (const entry of roster) {
    if (seen.has(entry.personId)) continue;
    seen.add(entry.personId);
    if (!hasFullMemberRights(entry.status)) result.noRightIds.push(entry.personId);
    else if (excluded.has(entry.personId)) result.excludedIds.push(entry.personId);
    else result.dueIds.push(entry.personId);
  }
  return result;
}
