import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import type { Actor, CaseState, Outcome, Task } from '../../../../libs/contracts';
import { stepFormOf } from '../../../../libs/contracts/step-forms.contract';
import { InboxRepository, RegistryRepository } from '../../../../libs/db';
import { checkDecision } from '../../../../libs/domain';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiError } from '../common/api-error';
import { todayIso } from '../common/today';
import { CasesService } from './cases.service';
import { TaskFormDto } from './task-form.dto';

const OUTCOMES: Record<Task['kind'], Outcome[]> = { approval: ['approve', 'reject', 'return'], input: ['submit'] };

/** The decision form of a task: outcomes, which need a comment, and the JSON Schema of the step's payload. */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases/:caseId/tasks/:taskId/form')
export class TaskFormController {
  constructor(
    private readonly cases: CasesService,
    private readonly inbox: InboxRepository,
    private readonly registry: RegistryRepository,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The decision form of a task (generated from the step schema of libs/contracts/step-forms.contract.ts)',
  })
  @ApiOkResponse({ type: TaskFormDto })
  async form(
    @CurrentActor() actor: Actor,
    @Param('caseId') caseId: string,
    @Param('taskId') taskId: string,
  ): Promise<TaskFormDto> {
    const state = await this.cases.getVisibleCase(actor, caseId);
    const task = state.pendingTasks.find((t) => t.taskId === taskId) ?? (await this.inbox.getTask(taskId));
    if (!task || task.caseId !== caseId) {
      throw ApiError.notFound('TASK_NOT_FOUND', '该事项下没有此待办任务', 'Task not found in this case');
    }
    const outcomes = OUTCOMES[task.kind];
    // The comment rule stays in the domain: ask it for each outcome of an open task the actor is named on.
    const probe = { ...task, status: 'open' as const, assigneeUserIds: [actor.userId] };
    const commentRequiredFor = outcomes.filter(
      (outcome) => checkDecision(probe, actor, outcome, undefined)?.code === 'COMMENT_REQUIRED',
    );
    const schema = stepFormOf(state.procedure, task.step);
    return {
      taskId: task.taskId,
      caseId,
      procedure: state.procedure,
      step: task.step,
      kind: task.kind,
      outcomes,
      commentRequiredFor,
      payloadSchema: schema ? (z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>) : null,
      people: schema ? await this.people(state) : [],
    };
  }

  /**
   * The leadership team of a democratic life meeting (its members may sit in no branch of the organization), the
   * request's roster for an establishment (the organization does not exist yet), else the org's roster today.
   */
  private async people(state: CaseState): Promise<{ personId: string; name: string }[]> {
    const team = state.data.team as { personId?: unknown; name?: unknown }[] | undefined;
    if (state.procedure === 'democraticLife' && Array.isArray(team)) {
      return team.map((m) => ({ personId: String(m.personId), name: String(m.name) }));
    }
    const request = state.data.request as { rosterPersonIds?: unknown } | undefined;
    const ids = Array.isArray(request?.rosterPersonIds) ? request.rosterPersonIds.map(String) : null;
    const members = await this.registry.rosterAsOf(ids ?? state.orgId, todayIso());
    return members.map((m) => ({ personId: m.personId, name: m.name }));
  }
}
