import type { PolicyTable } from '../policy/policy-table';
import type { OccurrenceKind, OccurrenceStatus } from './orglife.types';

// Compliance of an organization's organizational life over a period — RULES §F ("what inspections check first"):
// meetings held against the plan, missed occurrences, average attendance, members on the lapse watch, training hours
// short, appraisal done or not, its results filed, 不合格 members whose organizational handling is due.

export interface OccurrenceFact {
  kind: OccurrenceKind;
  status: OccurrenceStatus;
  periodEnd: string;
  /** present / expected of a held occurrence with attendance; null otherwise */
  attendanceRate: number | null;
  /**
   * a held class whose teacher was the organization's secretary on that day (the record's `teacherIsSecretary`, from
   * classCountsForSecretary): only such a class counts for the secretary's ≥ 1 a year, whatever its kind
   */
  bySecretary?: boolean;
}

export interface ComplianceInput {
  occurrences: readonly OccurrenceFact[];
  asOf: string;
  lapseWarned: number;
  lapseFlagged: number;
  trainingShort: number;
  appraisalDone: boolean;
  /** 民主评议 results of the year filed with the upper organization (RULES §F) */
  appraisalFiled?: boolean;
  /** 不合格 members past improveBy without a recorded improvement (appraisalFollowUpStatus 'handlingDue') */
  appraisalHandlingDue?: number;
}

export interface ComplianceFigures {
  planned: number;
  /** occurrences whose period ended by asOf, or held earlier */
  due: number;
  held: number;
  missed: number;
  open: number;
  /** held / due (1 when nothing was due yet) */
  completionRate: number;
  /** mean of the held occurrences' attendance rates, null when none */
  averageAttendance: number | null;
  partyClassesHeld: number;
  partyClassesRequired: number;
  secretaryClassHeld: boolean;
  lapseWarned: number;
  lapseFlagged: number;
  trainingShort: number;
  appraisalDone: boolean;
  appraisalFiled: boolean;
  appraisalHandlingDue: number;
  /**
   * the organization is behind: a missed occurrence, a flagged member, organizational handling due for a 不合格 member,
   * or completion under 100 %
   */
  behind: boolean;
  byKind: Partial<Record<OccurrenceKind, { planned: number; held: number; missed: number }>>;
}

export function complianceFigures(input: ComplianceInput, policy: PolicyTable): ComplianceFigures {
  const occ = input.occurrences;
  const held = occ.filter((o) => o.status === 'held');
  const missed = occ.filter((o) => o.status === 'missed').length;
  const due = occ.filter((o) => o.status === 'held' || o.status === 'missed' || o.periodEnd < input.asOf).length;
  const open = occ.filter((o) => o.status === 'open').length;
  const rates = held.map((o) => o.attendanceRate).filter((r): r is number => r !== null);
  const byKind: ComplianceFigures['byKind'] = {};
  for (const o of occ) {
    const k = (byKind[o.kind] ??= { planned: 0, held: 0, missed: 0 });
    k.planned += 1;
    if (o.status === 'held') k.held += 1;
    if (o.status === 'missed') k.missed += 1;
  }
  const classes = held.filter((o) => o.kind === 'partyClass' || o.kind === 'secretaryPartyClass').length;
  const completionRate = due === 0 ? 1 : held.length / due;
  return {
    planned: occ.length,
    due,
    held: held.length,
    missed,
    open,
    completionRate,
    averageAttendance: rates.length === 0 ? null : rates.reduce((a, b) => a + b, 0) / rates.length,
    partyClassesHeld: classes,
    partyClassesRequired: policy.partyClassFrequency.count + policy.secretaryPartyClassFrequency.count,
    // RULES §F 书记讲党课: counted when the secretary taught it (classCountsForSecretary), never by the kind alone
    secretaryClassHeld: held.some(
      (o) => (o.kind === 'partyClass' || o.kind === 'secretaryPartyClass') && o.bySecretary === true,
    ),
    lapseWarned: input.lapseWarned,
    lapseFlagged: input.lapseFlagged,
    trainingShort: input.trainingShort,
    appraisalDone: input.appraisalDone,
    appraisalFiled: input.appraisalFiled ?? false,
    appraisalHandlingDue: input.appraisalHandlingDue ?? 0,
    behind: missed > 0 || input.lapseFlagged > 0 || (input.appraisalHandlingDue ?? 0) > 0 || completionRate < 1,
    byKind,
  };
}
