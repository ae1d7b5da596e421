import type { components } from '../api/schema';

export type Procedure = components['schemas']['InboxTask']['procedure'];

// A record over the API's enum: a procedure added to the API fails the console's typecheck until it is listed here.
const ORDER: Record<Procedure, number> = {
  establishment: 0,
  termElection: 1,
  byElection: 2,
  admission: 3,
  orgLifePlan: 4,
  lapse: 5,
  democraticLife: 6,
  secretaryReport: 7,
};

/** Every procedure, in the order the console's filters offer them. */
export const PROCEDURES: readonly Procedure[] = (Object.keys(ORDER) as Procedure[]).sort((a, b) => ORDER[a] - ORDER[b]);
