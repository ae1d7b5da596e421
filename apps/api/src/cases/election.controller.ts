import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  closeRoundUpdate,
  reduceSeatsUpdate,
  openMeetingUpdate,
  submitBallotsUpdate,
  type Actor,
  type MeetingResultView,
  type SubmitBallotsResult,
} from '../../../../libs/contracts';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiError } from '../common/api-error';
import { IDEMPOTENCY_HEADER_DOC, IdempotencyKey, type IdempotentRequest } from '../common/idempotency-key.decorator';
import { IdempotencyService } from '../common/idempotency.service';
import { CaseGateway } from './case.gateway';
import { CloseRoundDto, OpenMeetingDto, ReduceSeatsDto, SubmitBallotsDto } from './cases.dto';
import { CasesService } from './cases.service';
import {
  CloseRoundResultDto,
  ElectionStateDto,
  MeetingResultDto,
  QuorumPreviewBodyDto,
  QuorumPreviewDto,
  SubmitBallotsResultDto,
} from './election.dto';
import { QuorumPreviewService } from './quorum-preview.service';

/**
 * 选举大会 of a case (RULES §C.1 C6, §D.3–D.5): commands go to the case's current election child workflow
 * (`data.electionWorkflowId`), after the API checked the actor may see the case and is an election clerk (RULES §D.3);
 * the child's validators check quorum, ballots and the actor again.
 */
@ApiTags('election')
@ApiBearerAuth()
@Controller('cases/:caseId/election')
export class ElectionController {
  constructor(
    private readonly cases: CasesService,
    private readonly gateway: CaseGateway,
    private readonly quorumPreview: QuorumPreviewService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Get()
  @ApiOkResponse({
    type: ElectionStateDto,
    description:
      'election state (electionStateQuery while it runs; once ended, from the case record, which outlives ' +
      "Temporal's retention); 404 ELECTION_NOT_STARTED before the election; 503 ELECTION_UNAVAILABLE when the " +
      'running election cannot be queried within the case-read timeout',
  })
  async state(@CurrentActor() actor: Actor, @Param('caseId') caseId: string): Promise<ElectionStateDto> {
    const { election } = await this.cases.readElection(actor, caseId);
    return election as unknown as ElectionStateDto;
  }

  /**
   * 出席登记: the electorate on the meeting date with each voter's standing, and the quorum of those checked in, with
   * its numbers (RULES §D.3, H-2), from the same domain rules the meeting uses. Reads only; the meeting decides.
   */
  @Post('quorum')
  @HttpCode(200)
  @ApiOkResponse({ type: QuorumPreviewDto })
  quorum(
    @CurrentActor() actor: Actor,
    @Param('caseId') caseId: string,
    @Body() body: QuorumPreviewBodyDto,
  ): Promise<QuorumPreviewDto> {
    return this.quorumPreview.preview(actor, caseId, body);
  }

  @Post('meetings')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_HEADER_DOC)
  @ApiOkResponse({ type: MeetingResultDto, description: 'quorum result of the meeting' })
  async openMeeting(
    @CurrentActor() actor: Actor,
    @Param('caseId') caseId: string,
    @Body() body: OpenMeetingDto,
    @IdempotencyKey() idempotencyKey: IdempotentRequest | undefined,
  ): Promise<MeetingResultView> {
    const electionWorkflowId = await this.cases.electionWorkflowId(actor, caseId, 'command');
    const updateId = await this.idempotency.updateId(actor, 'openMeeting', caseId, idempotencyKey);
    return this.gateway.electionUpdate(electionWorkflowId, openMeetingUpdate, { actor, input: body }, updateId);
  }

  @Post('ballots')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_HEADER_DOC)
  @ApiOkResponse({ type: SubmitBallotsResultDto, description: 'ballots accepted so far' })
  async submitBallots(
    @CurrentActor() actor: Actor,
    @Param('caseId') caseId: string,
    @Body() body: SubmitBallotsDto,
    @IdempotencyKey() idempotencyKey: IdempotentRequest | undefined,
  ): Promise<SubmitBallotsResult> {
    const electionWorkflowId = await this.cases.electionWorkflowId(actor, caseId, 'command');
    const updateId = await this.idempotency.updateId(actor, 'submitBallots', body.roundId, idempotencyKey);
    return this.gateway.electionUpdate(electionWorkflowId, submitBallotsUpdate, { actor, input: body }, updateId);
  }

  /** The path names the round: the body carries `ballotsIssued` (a `roundId` there is optional and must match). */
  @Post('rounds/:roundId/close')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_HEADER_DOC)
  @ApiOkResponse({ type: CloseRoundResultDto, description: 'tally of the round, the next round and the phase' })
  async closeRound(
    @CurrentActor() actor: Actor,
    @Param('caseId') caseId: string,
    @Param('roundId') roundId: string,
    @Body() body: CloseRoundDto,
    @IdempotencyKey() idempotencyKey: IdempotentRequest | undefined,
  ): Promise<Record<string, unknown>> {
    // A body naming another round is refused rather than silently overridden.
    if (body.roundId !== undefined && body.roundId !== roundId) {
      throw new ApiError(
        400,
        'ROUND_MISMATCH',
        `路径中的轮次${roundId}与请求体中的轮次${body.roundId}不一致`,
        `round ${roundId} in the path differs from round ${body.roundId} in the body`,
        { numbers: { field: 'roundId' } },
      );
    }
    const electionWorkflowId = await this.cases.electionWorkflowId(actor, caseId, 'command');
    const input = { roundId, ballotsIssued: body.ballotsIssued };
    const updateId = await this.idempotency.updateId(actor, 'closeRound', roundId, idempotencyKey);
    return this.gateway.electionUpdate(electionWorkflowId, closeRoundUpdate, { actor, input }, updateId);
  }

  /** 减少名额: instead of the separate vote, the meeting consents to fewer seats (RULES §D.5). */
  @Post('rounds/:roundId/reduce-seats')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_HEADER_DOC)
  @ApiOkResponse({ description: 'seats before and after, and the meeting phase' })
  async reduceSeats(
    @CurrentActor() actor: Actor,
    @Param('caseId') caseId: string,
    @Param('roundId') roundId: string,
    @Body() body: ReduceSeatsDto,
    @IdempotencyKey() idempotencyKey: IdempotentRequest | undefined,
  ): Promise<Record<string, unknown>> {
    const electionWorkflowId = await this.cases.electionWorkflowId(actor, caseId, 'command');
    const input = { roundId, consentVotes: body.consentVotes };
    const updateId = await this.idempotency.updateId(actor, 'reduceSeats', roundId, idempotencyKey);
    return this.gateway.electionUpdate(electionWorkflowId, reduceSeatsUpdate, { actor, input }, updateId);
  }
}
