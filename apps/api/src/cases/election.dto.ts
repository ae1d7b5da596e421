import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { candidateSchema, exclusionSchema, membershipStatusSchema } from '../../../../libs/contracts';

// Response shapes of the election routes (the election meeting workflow's query and update answers), for the OpenAPI
// document and the console's typed client. They describe; the workflow produces them.

const candidateCountSchema = z.object({
  personId: z.string(),
  forVotes: z.number().int(),
  againstVotes: z.number().int(),
  abstentions: z.number().int(),
  writeIn: z.boolean(),
});

export const roundTallySchema = z
  .object({
    void: z.boolean(),
    voidReason: z.string().nullable(),
    ballotsReturned: z.number().int(),
    ballotsIssued: z.number().int(),
    validBallots: z.number().int(),
    invalidBallots: z.number().int(),
    threshold: z.number().int().describe('votes needed to be elected (more than half of those present, H-2)'),
    counts: z.array(candidateCountSchema),
    elected: z.array(z.string()),
    tiedAtCutoff: z.array(z.string()),
    seatsForTieVote: z.number().int(),
    shortfall: z.number().int(),
    explanation: z.array(z.string()).describe('zh-CN: every count and the rule used'),
    explanationEn: z.array(z.string()),
  })
  .meta({ id: 'RoundTally' });

export const electionRoundSchema = z
  .object({
    roundId: z.string(),
    kind: z.enum(['committee', 'tie', 'separate', 'secretary', 'deputy']),
    meetingNo: z.number().int(),
    seats: z.number().int(),
    candidateIds: z.array(z.string()),
    presentVoters: z.number().int(),
    status: z.enum(['open', 'closed']),
    tally: roundTallySchema.nullable(),
    ballotsReturned: z.number().int().describe('ballots entered so far'),
  })
  .meta({ id: 'ElectionRound' });

export const electionMeetingSchema = z
  .object({
    meetingNo: z.number().int(),
    body: z.enum(['generalMeeting', 'committee']),
    meetingDate: z.string(),
    due: z.number().int(),
    present: z.number().int(),
    required: z.number().int(),
    quorumMet: z.boolean(),
    explanation: z.string(),
    explanationEn: z.string(),
    dueIds: z.array(z.string()),
    presentIds: z.array(z.string()),
    excludedIds: z.array(z.string()),
    noRightIds: z.array(z.string()),
    scrutineerIds: z.array(z.string()),
    tellerIds: z.array(z.string()),
  })
  .meta({ id: 'ElectionMeeting' });

export const electionStateSchema = z.object({
  phase: z.enum([
    'awaitingMeeting',
    'openingMeeting',
    'voting',
    'awaitingOfficersMeeting',
    'officersVoting',
    'done',
    'failed',
  ]),
  seats: z.number().int(),
  candidates: z.array(candidateSchema),
  meetings: z.array(electionMeetingSchema),
  rounds: z.array(electionRoundSchema),
  elected: z.array(z.string()),
  secretaryId: z.string().nullable(),
  deputyId: z.string().nullable(),
  pendingOfficers: z.object({ secretaryId: z.string(), deputyId: z.string().optional() }).nullable(),
  failureReason: z.string().nullable(),
});
export class ElectionStateDto extends createZodDto(electionStateSchema) {}

export const meetingResultSchema = z.object({
  meetingNo: z.number().int(),
  quorumMet: z.boolean(),
  due: z.number().int(),
  present: z.number().int(),
  required: z.number().int(),
  explanation: z.string(),
  explanationEn: z.string(),
  roundId: z.string().nullable(),
});
export class MeetingResultDto extends createZodDto(meetingResultSchema) {}

export const submitBallotsResultSchema = z.object({
  roundId: z.string(),
  accepted: z.number().int(),
  returnedSoFar: z.number().int(),
});
export class SubmitBallotsResultDto extends createZodDto(submitBallotsResultSchema) {}

export const closeRoundResultSchema = electionRoundSchema.extend({
  nextRoundId: z.string().nullable(),
  phase: electionStateSchema.shape.phase,
});
export class CloseRoundResultDto extends createZodDto(closeRoundResultSchema) {}

/** 出席登记 preview: the electorate on the meeting date and the quorum with its numbers (RULES §D.3). */
export const quorumPreviewBodySchema = z.object({
  meetingDate: z.iso.date(),
  presentVoterIds: z.array(z.string()).max(5000).default([]),
  exclusions: z.array(exclusionSchema).max(5000).default([]),
});
export class QuorumPreviewBodyDto extends createZodDto(quorumPreviewBodySchema) {}

export const quorumPreviewSchema = z.object({
  body: z.enum(['generalMeeting', 'committee']).describe('committee: the first committee meeting electing officers'),
  voters: z.array(
    z.object({
      personId: z.string(),
      name: z.string(),
      status: membershipStatusSchema.nullable(),
      standing: z
        .enum(['due', 'noRight', 'excluded'])
        .describe('due: counts for the quorum; noRight: probationary or rights suspended; excluded: approved'),
    }),
  ),
  due: z.number().int(),
  present: z.number().int(),
  required: z.number().int(),
  quorumMet: z.boolean(),
  explanation: z.string(),
  explanationEn: z.string(),
});
export class QuorumPreviewDto extends createZodDto(quorumPreviewSchema) {}
