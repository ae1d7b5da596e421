import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/contracts';
import { InboxRepository } from '../../../../libs/db';
import { hasRoleAt, mayActOnTask, maySeeTask } from '../auth/actor-access';
import { CasesService } from '../cases/cases.service';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiError } from '../common/api-error';
import { BodyTasksDto, BodyTasksQueryDto, InboxDto, InboxQueryDto, TaskViewDto } from './inbox.dto';

/** 待办: tasks the actor may act on (named, approver at the assigned body, or the body it was escalated to). */
@ApiTags('inbox')
@ApiBearerAuth()
@Controller()
export class InboxController {
  constructor(
    private readonly inbox: InboxRepository,
    private readonly cases: CasesService,
  ) {}

  @Get('inbox')
  @ApiOkResponse({ type: InboxDto })
  list(@CurrentActor() actor: Actor, @Query() query: InboxQueryDto): Promise<InboxDto> {
    return this.inbox.listForUser(actor.userId, actor.roles, {
      status: query.status,
      overdueOnly: query.overdue,
      procedure: query.procedure,
      orgSubtreeId: query.orgId,
      caseId: query.caseId,
      decidedBy: query.decidedByMe ? actor.userId : undefined,
      limit: query.limit,
      cursor: query.cursor,
    });
  }

  /**
   * One task by id, for whoever may see it or its case (the links in notification mails open `/tasks/<id>` in the
   * console, which reads the task here and then its case).
   */
  @Get('tasks/:taskId')
  @ApiOkResponse({ type: TaskViewDto })
  async task(@CurrentActor() actor: Actor, @Param('taskId') taskId: string): Promise<TaskViewDto> {
    const task = await this.inbox.getTask(taskId);
    if (!task) throw ApiError.notFound('TASK_NOT_FOUND', '未找到该待办任务', 'Task not found');
    if (!maySeeTask(actor, task)) await this.cases.getVisibleCase(actor, task.caseId);
    const mayAct = task.status === 'open' && mayActOnTask(actor, task);
    return { ...task, ...(task.procedure === 'admission' && task.step === 'E10' ? { comment: null } : {}), mayAct };
  }

  /** A body's queue, visible to its members (approvers at that body) only. */
  @Get('bodies/:bodyId/tasks')
  @ApiOkResponse({ type: BodyTasksDto })
  async bodyTasks(
    @CurrentActor() actor: Actor,
    @Param('bodyId') bodyId: string,
    @Query() query: BodyTasksQueryDto,
  ): Promise<BodyTasksDto> {
    if (!hasRoleAt(actor, 'approver', bodyId)) {
      throw ApiError.forbidden(
        'NOT_BODY_MEMBER',
        '您不是该机构的成员，无权查看其待办',
        'Only members of this body may see its tasks',
      );
    }
    const page = await this.inbox.pageForBody(bodyId, query.status, { limit: query.limit, cursor: query.cursor });
    return { bodyId, ...page };
  }
}
