import { z } from 'zod';
import { getPolicy } from '../domain/policy/policy-table';

export const ballotMarkSchema = z.enum(['for', 'against', 'abstain']);

// 选票 — RULES §D.4: for / against / abstain per candidate; write-in only after against
export const ballotSchema = z
  .object({
    marks: z.record(z.string(), ballotMarkSchema).describe('candidate personId → mark; missing = abstain'),
    writeIns: z
      .array(z.object({ replacesCandidateId: z.string(), personId: z.string(), name: z.string() }))
      .default([]),
  })
  .meta({ id: 'Ballot' });
export type BallotInput = z.infer<typeof ballotSchema>;

export const exclusionSchema = z.object({
  personId: z.string(),
  reason: z.enum(['illness', 'abroad6m', 'sentenced', 'bedridden', 'away6m']),
  approvalRef: z.string().min(1).describe('upper approval document (RULES §D.3)'),
  awaySince: z
    .string()
    .date()
    .optional()
    .describe(
      'abroad6m / away6m (required for them): the day the absence began, six months before the meeting (RULES §D.3)',
    ),
});
export type Exclusion = z.infer<typeof exclusionSchema>;

export const openMeetingSchema = z
  .object({
    meetingDate: z.string().date(),
    presentVoterIds: z.array(z.string()),
    scrutineerIds: z.array(z.string()).default([]),
    tellerIds: z.array(z.string()).default([]),
    exclusions: z.array(exclusionSchema).default([]).describe('approved exclusions from those due (RULES §D.3)'),
    officerCandidates: z
      .object({ secretaryId: z.string(), deputyId: z.string().optional() })
      .optional()
      .describe('secretary / deputy nominees (one per post) when this meeting elects them (RULES §D.6)'),
  })
  .meta({ id: 'OpenMeeting' });
export type OpenMeetingInput = z.infer<typeof openMeetingSchema>;

export const submitBallotsSchema = z
  .object({
    roundId: z.string(),
    // a full batch fits the JSON body limit (100 KiB) with a 9-candidate slate; more ballots go in several batches
    ballots: z.array(ballotSchema).min(1).max(getPolicy().caseBounds.maxBallotsPerRequest),
  })
  .meta({ id: 'SubmitBallots' });
export type SubmitBallotsInput = z.infer<typeof submitBallotsSchema>;

export const closeRoundSchema = z
  .object({ roundId: z.string(), ballotsIssued: z.number().int().min(0) })
  .meta({ id: 'CloseRound' });
export type CloseRoundInput = z.infer<typeof closeRoundSchema>;

/** 减少名额: instead of a separate vote, the meeting consents to fewer seats (RULES §D.5). */
export const reduceSeatsSchema = z
  .object({
    roundId: z.string().describe('the open separate-vote round this replaces'),
    consentVotes: z.number().int().min(0).describe('voters present who agreed to reduce the seats'),
  })
  .meta({ id: 'ReduceSeats' });
export type ReduceSeatsInput = z.infer<typeof reduceSeatsSchema>;
