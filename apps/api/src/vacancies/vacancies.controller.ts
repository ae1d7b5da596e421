import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/contracts';
import { CurrentActor } from '../auth/current-actor.decorator';
import { StartCaseResultDto } from '../cases/cases.dto';
import { IDEMPOTENCY_HEADER_DOC, IdempotencyKey, type IdempotentRequest } from '../common/idempotency-key.decorator';
import { IdempotencyService } from '../common/idempotency.service';
import { AppointmentRequestDto, VacanciesRequestDto } from './vacancies.dto';
import { VacanciesService } from './vacancies.service';

/** 补选 and 指派 of committee posts (RULES §B.4, §D.8). */
@ApiTags('vacancies')
@ApiBearerAuth()
@Controller('orgs/:orgId')
export class VacanciesController {
  constructor(
    private readonly vacancies: VacanciesService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Post('vacancies')
  @ApiOperation({
    summary: 'Report committee vacancies and open a by-election case (补选)',
    description:
      'A submitter at the organization, or an approver or admin above it. Each post must be held now in the registry; ' +
      'the case ends the posts, then slate, party group, organs work committee, meeting, formal reply.',
  })
  @ApiHeader(IDEMPOTENCY_HEADER_DOC)
  @ApiCreatedResponse({ type: StartCaseResultDto })
  report(
    @CurrentActor() actor: Actor,
    @Param('orgId') orgId: string,
    @Body() body: VacanciesRequestDto,
    @IdempotencyKey() idempotencyKey: IdempotentRequest | undefined,
  ): Promise<StartCaseResultDto> {
    return this.idempotency.start(actor, 'reportVacancies', idempotencyKey, () =>
      this.vacancies.reportVacancies(actor, orgId, body.vacancies),
    );
  }

  @Post('appointments')
  @ApiOperation({
    summary: 'Appoint a secretary or deputy (指派, RULES §D.8 item 6)',
    description:
      'An approver at the parent organization or the organs work committee. The appointee is a full member of the ' +
      'organization; a held secretary post needs `vacated`. Starts a by-election case carrying the appointment.',
  })
  @ApiHeader(IDEMPOTENCY_HEADER_DOC)
  @ApiCreatedResponse({ type: StartCaseResultDto })
  appoint(
    @CurrentActor() actor: Actor,
    @Param('orgId') orgId: string,
    @Body() body: AppointmentRequestDto,
    @IdempotencyKey() idempotencyKey: IdempotentRequest | undefined,
  ): Promise<StartCaseResultDto> {
    return this.idempotency.start(actor, 'appoint', idempotencyKey, () => this.vacancies.appoint(actor, orgId, body));
  }
}
