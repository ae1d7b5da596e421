import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/contracts';
import { CurrentActor } from '../auth/current-actor.decorator';
import { DemocraticLifeCasesDto, StartDemocraticLifeDto, StartDemocraticLifeResultDto } from './democratic-life.dto';
import { DemocraticLifeService } from './democratic-life.service';
import { yearOf } from './orglife.controller';

/** 民主生活会 — the leadership team's democratic life meeting of a year (RULES §F). */
@ApiTags('org-life')
@ApiBearerAuth()
@Controller()
export class DemocraticLifeController {
  constructor(private readonly democraticLife: DemocraticLifeService) {}

  @Post('orgs/:orgId/democratic-life/:year')
  @ApiOperation({
    summary: "Start the leadership team's democratic life meeting of a year (民主生活会)",
    description:
      'The secretary proposes the topic and date (in the year, not past: 422 DEMOCRATIC_LIFE_DATE_PAST). The ' +
      'case democraticLife:<orgId>:<year> asks the upper organization (organization department, D1) and the ' +
      'discipline committee (D2) to consent, then study (D3), opinions (D4), talks (D5), every team member’s written ' +
      "self-examination (D6), the meeting on the agreed date with last year's rectification list reported item by " +
      'item (D7), and the rectification list with owners and deadlines (D8). 422 DEMOCRATIC_LIFE_NEEDS_TEAM without ' +
      'a secretary or committee; 409 DEMOCRATIC_LIFE_RUNNING / _HELD / _PREVIOUS_OPEN.',
  })
  @ApiCreatedResponse({ type: StartDemocraticLifeResultDto })
  start(
    @CurrentActor() actor: Actor,
    @Param('orgId') orgId: string,
    @Param('year') year: string,
    @Body() body: StartDemocraticLifeDto,
  ): Promise<StartDemocraticLifeResultDto> {
    return this.democraticLife.start(actor, orgId, yearOf(year), body);
  }

  @Get('orgs/:orgId/democratic-life/:year')
  @ApiOperation({ summary: 'The democratic life meeting cases of a year (readers of the organization)' })
  @ApiOkResponse({ type: DemocraticLifeCasesDto })
  list(
    @CurrentActor() actor: Actor,
    @Param('orgId') orgId: string,
    @Param('year') year: string,
  ): Promise<DemocraticLifeCasesDto> {
    return this.democraticLife.list(actor, orgId, yearOf(year));
  }
}
