/** 赞成 / 不赞成 / 弃权 — RULES §D.4; a candidate missing from `marks` is an abstention. */
export type BallotMark = 'for' | 'against' | 'abstain';

export interface Ballot {
  marks: Record<string, BallotMark>;
  /** 另选他人: allowed only in place of a candidate marked against */
  writeIns: { replacesCandidateId: string; personId: string; name: string }[];
}

export type BallotInvalidReason =
  'TOO_MANY_MARKS' | 'WRITE_IN_WITHOUT_AGAINST' | 'UNKNOWN_CANDIDATE' | 'DUPLICATE_WRITE_IN';

export interface BallotCheck {
  valid: boolean;
  reason: BallotInvalidReason | null;
}

/**
 * Validity of one ballot — RULES §D.4: marks only for slate candidates; a write-in only where that candidate is
 * marked against, once per candidate, naming someone not on the slate and not written twice; for-marks plus
 * write-ins ≤ seats.
 */
export function checkBallot(ballot: Ballot, candidateIds: string[], seats: number): BallotCheck {
  const slate = new Set(candidateIds);
  const marks = ballot.marks ?? {};
  const writeIns = ballot.writeIns ?? [];
  for (const id of Object.keys(marks)) {
    if (!slate.has(id)) return { valid: false, reason: 'UNKNOWN_CANDIDATE' };
  }
  const replaced = new Set<string>();
  const written = new Set<string>();
  for (const w of writeIns) {
    if (!slate.has(w.replacesCandidateId)) return { valid: false, reason: 'UNKNOWN_CANDIDATE' };
    if (marks[w.replacesCandidateId] !== 'against') return { valid: false, reason: 'WRITE_IN_WITHOUT_AGAINST' };
    if (replaced.has(w.replacesCandidateId) || written.has(w.personId) || slate.has(w.personId)) {
      return { valid: false, reason: 'DUPLICATE_WRITE_IN' };
    }
    replaced.add(w.replacesCandidateId);
    written.add(w.personId);
  }
  const forCount = Object.values(marks).filter((m) => m === 'for').length;
  if (forCount + writeIns.length > seats) return { valid: false, reason: 'TOO_MANY_MARKS' };
  return { valid: true, reason: null };
}

/** Ballot order by surname strokes (姓氏笔画), ascending and stable; candidates without a stroke count go last — §D.4. */
export function orderByStrokes<T extends { surnameStrokes?: number; name: string }>(candidates: T[]): T[] {
  return candidates
    .map((c, i) => ({ c, i }))
    .sort((a, b) => {
      const sa = a.c.surnameStrokes;
      const sb = b.c.surnameStrokes;
      if (sa === undefined && sb === undefined) return a.i - b.i;
      if (sa === undefined) return 1;
      if (sb === undefined) return -1;
      return sa - sb || a.i - b.i;
    })
    .map((x) => x.c);
}
