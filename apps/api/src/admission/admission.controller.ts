import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/contracts';
import { CurrentActor } from '../auth/current-actor.decorator';
import { CaseListService } from '../cases/case-list.query';
import { CaseListDto } from '../cases/cases.dto';
import { IDEMPOTENCY_HEADER_DOC } from '../cases/cases.controller';
import { IdempotencyKey } from '../common/idempotency-key.decorator';
import {
  AdmissionTransferDto,
  AdmissionTransferResultDto,
  ListAdmissionCasesQueryDto,
  StartAdmissionDto,
  StartAdmissionResultDto,
} from './admission.dto';
import { AdmissionService } from './admission.service';

/**
 * 发展党员 (RULES §E): start a case per person and branch, transfer it, list cases with compliance flags. Steps are
 * decided on the generic route POST /cases/:caseId/tasks/:taskId/decision (with this procedure's registry checks).
 */
@ApiTags('admission')
@ApiBearerAuth()
@Controller('admission-cases')
export class AdmissionController {
  constructor(
    private readonly admission: AdmissionService,
    private readonly caseList: CaseListService,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Register an application for party membership (递交入党申请书, RULES §E step 1)',
    description:
      'A submitter of the branch or an administrator over it. Starts admission:<orgId>:<personId>. 422 with the rule ' +
      'and numbers: under 18 on the application date, already a member, branch cannot admit (H-16), wrong ' +
      'organization (WRONG_ORGANIZATION names the right org). 409 ADMISSION_CASE_EXISTS (numbers.caseId) when the ' +
      'person has a running case at any branch.',
  })
  @ApiCreatedResponse({ type: StartAdmissionResultDto })
  start(@CurrentActor() actor: Actor, @Body() body: StartAdmissionDto): Promise<StartAdmissionResultDto> {
    return this.admission.start(actor, body);
  }

  @Get()
  @ApiOperation({
    summary: 'Member-development cases (the generic case list with procedure=admission)',
    description: 'Filters: orgId (subtree), status, stage, overdue, flag (compliance flag), personId.',
  })
  @ApiOkResponse({ type: CaseListDto })
  async list(@CurrentActor() actor: Actor, @Query() query: ListAdmissionCasesQueryDto): Promise<CaseListDto> {
    const { items, total } = await this.caseList.list(actor, { ...query, procedure: 'admission' });
    return {
      items: items.map(({ updatedAt: _updatedAt, ...summary }) => summary),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  @Post(':caseId/transfer')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Transfer the case to another branch (组织关系转接, RULES §E step 21, H-12)',
    description:
      'A submitter of the sending or receiving branch, or an administrator over the case. The receiving branch must ' +
      'be active and able to admit, and not the same; dates are kept. The workflow answers with its own rule codes.',
  })
  @ApiHeader(IDEMPOTENCY_HEADER_DOC)
  @ApiOkResponse({ type: AdmissionTransferResultDto })
  transfer(
    @CurrentActor() actor: Actor,
    @Param('caseId') caseId: string,
    @Body() body: AdmissionTransferDto,
    @IdempotencyKey() idempotencyKey: string | undefined,
  ): Promise<AdmissionTransferResultDto> {
    return this.admission.transfer(actor, caseId, body, idempotencyKey);
  }
}
