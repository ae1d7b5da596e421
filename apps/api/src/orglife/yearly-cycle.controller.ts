import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/contracts';
import { CurrentActor } from '../auth/current-actor.decorator';
import { DemocraticLifeCasesDto, StartDemocraticLifeDto, StartDemocraticLifeResultDto } from './democratic-life.dto';
import { DemocraticLifeService } from './democratic-life.service';
import { AppraisalService } from './appraisal.service';
import { yearOf } from './orglife.controller';
import {
  AppraisalBodyDto,
  AppraisalFilingBodyDto,
  AppraisalFilingDto,
  AppraisalFilingListDto,
  AppraisalFollowUpListDto,
  AppraisalListDto,
  AssessmentBodyDto,
  ImprovementBodyDto,
} from './orglife.dto';
import {
  SecretaryReportCasesDto,
  StartSecretaryReportDto,
  StartSecretaryReportResultDto,
} from './secretary-report.dto';
import { SecretaryReportService } from './secretary-report.service';

/**
 * The yearly cycle (RULES §F): the democratic appraisal of members (民主评议党员), the leadership team's democratic life
 * meeting (民主生活会) and the secretary's report to the upper organization with its appraisal (述职评议).
 */
@ApiTags('org-life')
@ApiBearerAuth()
@Controller()
export class YearlyCycleController {
  constructor(
    private readonly democraticLife: DemocraticLifeService,
    private readonly secretaryReports: SecretaryReportService,
    private readonly appraisal: AppraisalService,
  ) {}

  @Get('orgs/:orgId/org-life/:year/appraisals')
  @ApiOperation({
    summary: '民主评议党员: assessments, grades and follow-ups of the year, who is ungraded, and the filing',
  })
  @ApiOkResponse({ type: AppraisalListDto })
  appraisals(
    @CurrentActor() actor: Actor,
    @Param('orgId') orgId: string,
    @Param('year') year: string,
  ): Promise<AppraisalListDto> {
    return this.appraisal.appraisals(actor, orgId, yearOf(year)) as Promise<AppraisalListDto>;
  }

  @Put('orgs/:orgId/org-life/:year/appraisals/:personId/assessment')
  @ApiOperation({
    summary: "民主评议党员: a member's self-assessment (自我评价) and mutual appraisal (民主测评/互评)",
    description:
      'Recorded before the committee grades; recording again replaces it. The votes per grade come from the members ' +
      'present (400 naming the field for a malformed count; 422 APPRAISAL_VOTES_EXCEED_PRESENT / ' +
      'APPRAISAL_PRESENT_EXCEEDS_MEMBERS with the numbers); a member already graded keeps a grade only the new votes ' +
      'support (422 GRADE_NOT_SUPPORTED_BY_VOTES). 400 NOT_ON_ROSTER on assessedOn, DATE_OUTSIDE_YEAR; 409 APPRAISAL_FILED.',
  })
  @ApiOkResponse({ type: AppraisalListDto })
  assess(
    @CurrentActor() actor: Actor,
    @Param('orgId') orgId: string,
    @Param('year') year: string,
    @Param('personId') personId: string,
    @Body() body: AssessmentBodyDto,
  ): Promise<AppraisalListDto> {
    return this.appraisal.assess(actor, orgId, yearOf(year), personId, body) as Promise<AppraisalListDto>;
  }

  @Post('orgs/:orgId/org-life/:year/appraisals')
  @ApiOperation({
    summary: '民主评议党员: the branch committee grades (优秀 / 合格 / 基本合格 / 不合格) with the votes',
    description:
      'Each member is graded after their self-assessment and mutual appraisal (recorded with PUT …/assessment, or given ' +
      'here): 422 APPRAISAL_NOT_ASSESSED naming what is missing. A grade its votes do not support (the most votes, a ' +
      'tie: the lower grade) is 422 GRADE_NOT_SUPPORTED_BY_VOTES with the numbers. A 不合格 grade carries its follow-up ' +
      '(education, a deadline to improve). A person off the roster on decidedOn is 400 NOT_ON_ROSTER; 409 APPRAISAL_FILED.',
  })
  @ApiCreatedResponse({ type: AppraisalListDto })
  appraise(
    @CurrentActor() actor: Actor,
    @Param('orgId') orgId: string,
    @Param('year') year: string,
    @Body() body: AppraisalBodyDto,
  ): Promise<AppraisalListDto> {
    return this.appraisal.appraise(actor, orgId, yearOf(year), body) as Promise<AppraisalListDto>;
  }

  @Post('orgs/:orgId/org-life/:year/appraisals/filing')
  @ApiOperation({
    summary: '民主评议党员: file the results with the upper organization (报上级党组织备案)',
    description:
      'The secretary files once every member on the roster (today in the year, else its last day) is graded: 422 ' +
      'APPRAISAL_INCOMPLETE with the numbers ("3 of 12 members ungraded") otherwise. The upper organization sees the ' +
      'filing in GET …/appraisal-filings and its secretary and approvers get an in-app notification. The year is then ' +
      'locked (409 APPRAISAL_FILED on changes); filing again answers the filing.',
  })
  @ApiCreatedResponse({ type: AppraisalFilingDto })
  file(
    @CurrentActor() actor: Actor,
    @Param('orgId') orgId: string,
    @Param('year') year: string,
    @Body() body: AppraisalFilingBodyDto,
  ): Promise<AppraisalFilingDto> {
    return this.appraisal.file(actor, orgId, yearOf(year), body) as Promise<AppraisalFilingDto>;
  }

  @Get('orgs/:orgId/org-life/:year/appraisal-filings')
  @ApiOperation({
    summary: '民主评议党员: results of the year filed with this organization by those below it (its readers)',
  })
  @ApiOkResponse({ type: AppraisalFilingListDto })
  filings(
    @CurrentActor() actor: Actor,
    @Param('orgId') orgId: string,
    @Param('year') year: string,
  ): Promise<AppraisalFilingListDto> {
    return this.appraisal.filingsTo(actor, orgId, yearOf(year)) as Promise<AppraisalFilingListDto>;
  }

  @Post('orgs/:orgId/org-life/:year/appraisals/:personId/improvement')
  @ApiOperation({
    summary: '民主评议党员: record that a 不合格 member improved, closing the follow-up',
    description:
      '422 APPRAISAL_NO_FOLLOW_UP for a grade without follow-up; 409 APPRAISAL_FOLLOW_UP_CLOSED when already recorded; ' +
      '400 INVALID_DATE naming improvedOn outside the decision day … today; 404 APPRAISAL_NOT_FOUND.',
  })
  @ApiCreatedResponse({ type: AppraisalListDto })
  improved(
    @CurrentActor() actor: Actor,
    @Param('orgId') orgId: string,
    @Param('year') year: string,
    @Param('personId') personId: string,
    @Body() body: ImprovementBodyDto,
  ): Promise<AppraisalListDto> {
    return this.appraisal.recordImprovement(actor, orgId, yearOf(year), personId, body) as Promise<AppraisalListDto>;
  }

  @Get('orgs/:orgId/appraisal-follow-ups')
  @ApiOperation({
    summary:
      '民主评议党员: open 不合格 follow-ups of every year — improving, or organizational handling (组织处置) due',
    description: 'handlingDue once improveBy has passed without a recorded improvement (readers of the organization).',
  })
  @ApiOkResponse({ type: AppraisalFollowUpListDto })
  followUps(@CurrentActor() actor: Actor, @Param('orgId') orgId: string): Promise<AppraisalFollowUpListDto> {
    return this.appraisal.followUps(actor, orgId) as Promise<AppraisalFollowUpListDto>;
  }

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
