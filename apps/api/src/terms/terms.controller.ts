import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/contracts';
import { CurrentActor } from '../auth/current-actor.decorator';
import { StartCaseResultDto } from '../cases/cases.dto';
import { IDEMPOTENCY_HEADER_DOC, IdempotencyKey, type IdempotentRequest } from '../common/idempotency-key.decorator';
import { IdempotencyService } from '../common/idempotency.service';
import { TermsService } from './terms.service';
import { OrgTermViewDto, TermShiftRequestDto, TermStatesListDto, TermStatesQueryDto } from './terms.dto';

/**
 * 任期 — term states of organizations, the term clock of one, and early / delayed election requests (RULES §B.2,
 * §B.3, §D.1, H-19). Term dates are part of the org record, open to every signed-in user like the registry tree.
 * Registered before the registry controller so `orgs/term-states` is not taken for an org id.
 */
@ApiTags('terms')
@ApiBearerAuth()
@Controller('orgs')
export class TermsController {
  constructor(
    private readonly terms: TermsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Get('term-states')
  @ApiOperation({
    summary: 'Organizations by term state',
    description:
      'Active organizations of the subtree (orgId) by term state, ordered by the date the election is due; ' +
      '`state=overdue` is the administrators\' "overdue elections" list (RULES H-19), `shifted=true` the approved shifts. ' +
      'Paginated: `limit` (at most 200) and `cursor` (nextCursor of the previous page).',
  })
  @ApiOkResponse({ type: TermStatesListDto })
  termStates(@Query() query: TermStatesQueryDto): Promise<TermStatesListDto> {
    const { limit, cursor, ...filter } = query;
    return this.terms.termStates(filter, { limit, cursor });
  }

  @Get(':orgId/term')
  @ApiOperation({ summary: "The organization's term: registry fields and its live term clock" })
  @ApiOkResponse({ type: OrgTermViewDto })
  orgTerm(@Param('orgId') orgId: string): Promise<OrgTermViewDto> {
    return this.terms.orgTerm(orgId);
  }

  @Post(':orgId/term-shifts')
  @ApiOperation({
    summary: 'Request an early or delayed term election (提前 / 延期换届)',
    description:
      'A submitter at the organization or its parent; the date must lie within one year of the term end and not in ' +
      'the past (422 with the rule and the window). Starts a term-shift case: party group, then organs work committee.',
  })
  @ApiHeader(IDEMPOTENCY_HEADER_DOC)
  @ApiCreatedResponse({ type: StartCaseResultDto })
  requestShift(
    @CurrentActor() actor: Actor,
    @Param('orgId') orgId: string,
    @Body() body: TermShiftRequestDto,
    @IdempotencyKey() idempotencyKey: IdempotentRequest | undefined,
  ): Promise<StartCaseResultDto> {
    return this.idempotency.start(actor, 'requestShift', idempotencyKey, () =>
      this.terms.requestShift(actor, orgId, body),
    );
  }
}
