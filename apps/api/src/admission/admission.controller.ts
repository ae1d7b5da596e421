import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/contracts';
import { CurrentActor } from '../auth/current-actor.decorator';
import { CaseListService } from '../cases/case-list.query';
import { CaseListDto } from '../cases/cases.dto';
import { IDEMPOTENCY_HEADER_DOC, IdempotencyKey, type IdempotentRequest } from '../common/idempotency-key.decorator';
import { IdempotencyService } from '../common/idempotency.service';
import { AdmissionContactsService } from './admission-contacts.service';
import {
  AdmissionContactChangeDto,
  AdmissionContactChangeResultDto,
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
    private readonly contacts: AdmissionContactsService,
    private readonly idempotency: IdempotencyService,
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
  @ApiHeader(IDEMPOTENCY_HEADER_DOC)
  @ApiCreatedResponse({ type: StartAdmissionResultDto })
  start(
    @CurrentActor() actor: Actor,
    @Body() body: StartAdmissionDto,
    @IdempotencyKey() idempotencyKey: IdempotentRequest | undefined,
  ): Promise<StartAdmissionResultDto> {
    return this.idempotency.start(actor, 'startAdmission', idempotencyKey, () => this.admission.start(actor, body));
  }

  @Get()
  @ApiOperation({
    summary: 'Member-development cases (the generic case list with procedure=admission)',
    description: 'Filters: orgId (subtree), status, stage, overdue, flag (compliance flag), personId.',
  })
  @ApiOkResponse({ type: CaseListDto })
  async list(@CurrentActor() actor: Actor, @Query() query: ListAdmissionCasesQueryDto): Promise<CaseListDto> {
    const { items, total, totalCapped, nextCursor } = await this.caseList.list(actor, {
      ...query,
      procedure: 'admission',
    });
    return {
      items: items.map(({ updatedAt: _updatedAt, ...summary }) => summary),
      total,
      totalCapped,
      limit: query.limit,
      offset: query.cursor ? 0 : query.offset,
      nextCursor,
    };
  }

  @Post(':caseId/transfer')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Transfer the case to another branch (组织关系转接, RULES §E step 21, H-12)',
    description:
      "An administrator over the case or a user holding a role at the sending branch's upper committee (RULES §A.3; " +
      "else 403 NOT_AUTHORIZED_FOR_TRANSFER). The API checks with the workflow's own rules and in its order: the " +
      'case is active (409 CASE_NOT_ACTIVE), the actor, the stage (steps 4–11 or 19–22, 409 ' +
      'TRANSFER_STAGE_NOT_ALLOWED), another organization (TRANSFER_SAME_ORG); the receiving branch must be active and ' +
      'able to admit (422 ORG_CANNOT_ADMIT). Dates are kept; the workflow answers the remaining rules (effective ' +
      'date, postponement) with its own codes.',
  })
  @ApiHeader(IDEMPOTENCY_HEADER_DOC)
  @ApiOkResponse({ type: AdmissionTransferResultDto })
  transfer(
    @CurrentActor() actor: Actor,
    @Param('caseId') caseId: string,
    @Body() body: AdmissionTransferDto,
    @IdempotencyKey() idempotencyKey: IdempotentRequest | undefined,
  ): Promise<AdmissionTransferResultDto> {
    return this.admission.transfer(actor, caseId, body, idempotencyKey);
  }

  @Post(':caseId/contacts')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Change the cultivation contacts (更换培养联系人, RULES §E step 5: contact leaves → reassign)',
    description:
      'A submitter of the branch or an administrator over the case (else 403 NOT_AUTHORIZED_FOR_CONTACT_CHANGE), ' +
      'while the activist is cultivated (steps 6–7, else 409 CONTACT_CHANGE_STAGE_NOT_ALLOWED). The new contacts ' +
      '(1–2 by policy, 422 CULTIVATION_CONTACTS) are full members with rights intact on the effective date (422 ' +
      'CONTACT_NOT_FULL_MEMBER) and differ from the current ones (400 CONTACTS_UNCHANGED). A case changes its contacts ' +
      'at most caseBounds.maxContactChanges times (422 CONTACT_CHANGE_CAP_REACHED with contactChanges and ' +
      'maxContactChanges). The change is recorded at step 5 of the case and its dossier.',
  })
  @ApiHeader(IDEMPOTENCY_HEADER_DOC)
  @ApiOkResponse({ type: AdmissionContactChangeResultDto })
  changeContacts(
    @CurrentActor() actor: Actor,
    @Param('caseId') caseId: string,
    @Body() body: AdmissionContactChangeDto,
    @IdempotencyKey() idempotencyKey: IdempotentRequest | undefined,
  ): Promise<AdmissionContactChangeResultDto> {
    return this.contacts.change(actor, caseId, body, idempotencyKey);
  }
}
