import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Actor } from '../../../../libs/contracts';
import { STEP_EXAMPLES } from '../../../../libs/contracts/step-examples.contract';
import { nodesWithRole } from '../auth/actor-access';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiError } from '../common/api-error';
import { IDEMPOTENCY_HEADER_DOC, IdempotencyKey, type IdempotentRequest } from '../common/idempotency-key.decorator';
import { IdempotencyService } from '../common/idempotency.service';
import { CaseGateway } from './case.gateway';
import { CaseListService } from './case-list.query';
import {
  CancelCaseDto,
  CaseCommandResultDto,
  CaseListDto,
  CaseViewDto,
  DecisionBodyDto,
  DecisionResultDto,
  EstablishmentRequestDto,
  ListCasesQueryDto,
  StartCaseResultDto,
  VisibilityListDto,
  VisibilityQueryDto,
} from './cases.dto';
import { CasesService } from './cases.service';
import { buildVisibilityQuery } from './visibility.query';
import { redactAdmissionState } from '../dossier/restricted-access';

/** One example decision per step that takes a payload (STEP_EXAMPLES), keyed `<procedure>-<step>`. */
const DECISION_EXAMPLES = Object.fromEntries(
  Object.entries(STEP_EXAMPLES).map(([key, { summary, outcome, payload }]) => [
    key.replace(':', '-'),
    { summary: `${key.split(':')[1]} ${summary}`, value: { outcome, payload } },
  ]),
);

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly caseList: CaseListService,
    private readonly gateway: CaseGateway,
    private readonly idempotency: IdempotencyService,
  ) {}

  /** 新成立党组织 — RULES §C: submit the request report; starts the establishment workflow. */
  @Post('establishment')
  @ApiHeader(IDEMPOTENCY_HEADER_DOC)
  @ApiCreatedResponse({ type: StartCaseResultDto })
  startEstablishment(
    @CurrentActor() actor: Actor,
    @Body() body: EstablishmentRequestDto,
    @IdempotencyKey() idempotencyKey: IdempotentRequest | undefined,
  ): Promise<StartCaseResultDto> {
    return this.idempotency.start(actor, 'startEstablishment', idempotencyKey, () =>
      this.cases.startEstablishment(actor, body),
    );
  }

  @Get()
  @ApiOkResponse({ type: CaseListDto })
  async list(@CurrentActor() actor: Actor, @Query() query: ListCasesQueryDto): Promise<CaseListDto> {
    const { items, total, totalCapped, nextCursor } = await this.caseList.list(actor, query);
    return {
      items: items.map(({ updatedAt: _updatedAt, ...summary }) => summary),
      total,
      totalCapped,
      limit: query.limit,
      offset: query.cursor ? 0 : query.offset,
      nextCursor,
    };
  }

  /**
   * Lists from Temporal's visibility store by structured filters (no raw query text), always limited to the subtrees
   * the admin administers; `query` in the answer is the visibility query the API built.
   */
  @Get('visibility')
  @ApiOperation({
    summary: 'List cases from Temporal visibility (administrators)',
    description:
      'Structured filters only (procedure, status, stage, orgId, pendingBodyId); raw query text is refused (400). ' +
      "The API builds the query with quoted values, always AND-ed with OrgPath IN (<the caller's admin roots>).",
  })
  @ApiOkResponse({ type: VisibilityListDto })
  async visibility(@CurrentActor() actor: Actor, @Query() query: VisibilityQueryDto): Promise<VisibilityListDto> {
    const roots = nodesWithRole(actor, 'admin');
    if (roots.length === 0) {
      throw ApiError.forbidden(
        'NOT_ADMIN',
        '仅管理员可查询流程可见性列表',
        'Only administrators may list from visibility',
      );
    }
    const { limit, ...filters } = query;
    const visibilityQuery = buildVisibilityQuery(roots, filters);
    return { query: visibilityQuery, items: await this.gateway.list(visibilityQuery, limit) };
  }

  @Get(':caseId')
  @ApiOkResponse({ type: CaseViewDto })
  async get(@CurrentActor() actor: Actor, @Param('caseId') caseId: string): Promise<CaseViewDto> {
    const view = await this.cases.getVisibleCase(actor, caseId);
    const { state } = redactAdmissionState(actor, view);
    return { ...state, asOf: view.asOf, source: view.source, webUiUrl: this.gateway.webUiUrl(caseId) };
  }

  /** 撤回 — the submitter withdraws an active case (pre-checked here, the workflow validator authorizes again). */
  @Post(':caseId/withdraw')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_HEADER_DOC)
  @ApiOkResponse({ type: CaseCommandResultDto })
  withdraw(
    @CurrentActor() actor: Actor,
    @Param('caseId') caseId: string,
    @IdempotencyKey() idempotencyKey: IdempotentRequest | undefined,
  ): Promise<CaseCommandResultDto> {
    return this.cases.withdraw(actor, caseId, idempotencyKey);
  }

  /** Administrative cancellation by an admin over the case's org path. */
  @Post(':caseId/cancel')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_HEADER_DOC)
  @ApiOkResponse({ type: CaseCommandResultDto })
  cancel(
    @CurrentActor() actor: Actor,
    @Param('caseId') caseId: string,
    @Body() body: CancelCaseDto,
    @IdempotencyKey() idempotencyKey: IdempotentRequest | undefined,
  ): Promise<CaseCommandResultDto> {
    return this.cases.cancel(actor, caseId, body.reason, idempotencyKey);
  }

  /** 审批 / 退回 / 填报: one decision on one task, answered with the workflow's own verdict. */
  @Post(':caseId/tasks/:taskId/decision')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_HEADER_DOC)
  @ApiOperation({
    summary: 'Decide a task (approve / reject / return, or submit an input step with its payload)',
    description:
      "`payload` is the step's data: each step's schema is in libs/contracts/step-forms.contract.ts (its JSON Schema " +
      'at GET /api/cases/{caseId}/tasks/{taskId}/form), checked here (400 naming payload.<field>) and by the workflow; ' +
      'the examples show one decision per step. Rules then answer 422 naming the rule.',
  })
  @ApiBody({ type: DecisionBodyDto, examples: DECISION_EXAMPLES })
  @ApiOkResponse({ type: DecisionResultDto })
  decide(
    @CurrentActor() actor: Actor,
    @Param('caseId') caseId: string,
    @Param('taskId') taskId: string,
    @Body() body: DecisionBodyDto,
    @IdempotencyKey() idempotencyKey: IdempotentRequest | undefined,
  ): Promise<DecisionResultDto> {
    return this.cases.decide(actor, caseId, taskId, body, idempotencyKey);
  }
}
