// zod-free (workflows import it as a value; see workflows/kernel/lazy-contracts.ts for why that matters)
import type { EstablishmentRequestFacts } from '../domain/registry/establishment-request.rules';
import type { EstablishmentInput, EstablishmentRequest } from './establishment.contract';

/** The facts the 请示报告's rules read (checkEstablishmentRequest), from a request and its registry counts. */
export function establishmentRequestFacts(
  request: EstablishmentRequest,
  counts: EstablishmentInput['rosterCounts'],
): EstablishmentRequestFacts {
  return {
    proposedType: request.proposedType,
    fullMembers: counts.full,
    probationaryMembers: counts.probationary,
    committeeSeats: request.committeeSeats,
    coveredUnits: request.coveredUnits.length,
    belowThresholdJustification: request.belowThresholdJustification,
    positions: request.positions,
    slateSize: request.slate.length,
    workProject: request.workProject,
    standingSeats: request.standingSeats,
  };
}
