import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/contracts';
import { CurrentActor } from '../auth/current-actor.decorator';
import { DemocraticLifeCasesDto, StartDemocraticLifeDto, StartDemocraticLifeResultDto } from './democratic-life.dto';
import { DemocraticLifeService } from './democratic-life.service';
import { yearOf } from './orglife.controller';
import {
  SecretaryReportCasesDto,
  StartSecretaryReportDto,
  StartSecretaryReportResultDto,
} from './secretary-report.dto';
import { SecretaryReportService } from './secretary-report.service';

/**
 * The yearly cycle of a leadership team and its secretary (RULES §F): the democratic life meeting (民主生活会) and the
 * secretary's report to the upper organization with its appraisal (述职评议).
 */
@ApiTags('org-life')
@ApiBearerAuth()
@Controller()
export class YearlyCycleController {
  constructor(
    private readonly democraticLife: DemocraticLifeService,
    private readonly secretaryReports: SecretaryReportService,
  ) {}

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

  @Post('orgs/:orgId/secretary-report/:year')
  @ApiOperation({
    summary: "File the secretary's yearly report to the upper organization (述职), opening its appraisal (评议)",
    description:
      'The secretary (submitter) files the written report for the year (reportedOn in the year or the next, not future: ' +
      '400 naming the field). The case secretaryReport:<orgId>:<year> asks the upper organization to hear and ' +
      "appraise it (R1: a grade of the policy's scale with the appraisal votes; 422 GRADE_NOT_SUPPORTED_BY_VOTES), and a " +
      "grade the policy names for rectification opens the secretary's rectification report (R2). The organization's " +
      'plan of that year records its secretaryReport occurrence as held. 422 NO_SECRETARY; 409 SECRETARY_REPORT_RUNNING ' +
      '/ _HELD / NO_UPPER_ORGANIZATION.',
  })
  @ApiCreatedResponse({ type: StartSecretaryReportResultDto })
  report(
    @CurrentActor() actor: Actor,
    @Param('orgId') orgId: string,
    @Param('year') year: string,
    @Body() body: StartSecretaryReportDto,
  ): Promise<StartSecretaryReportResultDto> {
    return this.secretaryReports.start(actor, orgId, yearOf(year), body);
  }

  @Get('orgs/:orgId/secretary-report/:year')
  @ApiOperation({
    summary: "The secretary's report cases of a year with their appraisal (readers of the organization)",
  })
  @ApiOkResponse({ type: SecretaryReportCasesDto })
  reports(
    @CurrentActor() actor: Actor,
    @Param('orgId') orgId: string,
    @Param('year') year: string,
  ): Promise<SecretaryReportCasesDto> {
    return this.secretaryReports.list(actor, orgId, yearOf(year));
  }
}
