import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Client, UpdateDefinition, WorkflowHandle } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import {
  adjustOccurrenceUpdate,
  orgLifeQuery,
  recordOccurrenceUpdate,
  submitPlanUpdate,
  TASK_QUEUE,
  WORKFLOW_TYPES,
  workflowIds,
  type Actor,
  type OrgLifeInput,
  type OrgLifeView,
  type RecordOccurrenceResult,
} from '../../../../libs/contracts';
import {
  AttachmentRepository,
  IdentityRepository,
  OrgLifeRepository,
  RegistryRepository,
  type OrgRecord,
  type PageRequest,
  type PlanProjection,
} from '../../../../libs/db';
import {
  checkMeetingQuorum,
  checkOrgLifeYearOpen,
  checkSecretaryClass,
  classCountsForSecretary,
  DomainRuleError,
  localDate,
  OCCURRENCE_KINDS,
  occurrenceKindInfo,
  orThrow,
  rosterAttendance,
  isTrainingLeader,
  trainingHoursStatus,
  type AttendanceEntry,
  type OccurrenceKind,
  type PolicyTable,
} from '../../../../libs/domain';
import { API_SETTINGS, TEMPORAL_CLIENT, type ApiSettings } from '../api-settings';
import { toView } from '../attachments/attachments.service';
import { hasRoleAt, isAdminOver, mayReadRegistryOf } from '../auth/actor-access';
import { ApiError } from '../common/api-error';
import { orgNotFound, policyOf } from '../terms/org-case.context';
import type { OrgLifePlan, RecordMeetingBody, TrainingBodyDto } from './orglife.dto';

export interface OrgLifeContext {
  org: OrgRecord;
  orgPath: string[];
  policy: PolicyTable;
}

const PLANNED_TYPES = new Set(['organCommittee', 'generalBranch', 'branch', 'jointBranch', 'temporaryBranch']);

/**
 * Organizational life of one organization (RULES §F): its yearly workflow, plan, records and training (the appraisal is
 * AppraisalService's).
 */
@Injectable()
export class OrgLifeService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
    private readonly registry: RegistryRepository,
    private readonly repo: OrgLifeRepository,
    private readonly identity: IdentityRepository,
    private readonly attachments: AttachmentRepository,
  ) {}

  async context(orgId: string): Promise<OrgLifeContext> {
    const org = await this.registry.getOrg(orgId);
    if (!org) throw orgNotFound();
    return { org, orgPath: await this.registry.orgPathOf(orgId), policy: policyOf(org) };
  }

  today(policy: PolicyTable): string {
    return localDate(new Date().toISOString(), policy);
  }

  /** The secretary (a submitter at the organization) runs its organizational life. */
  requireSecretary(actor: Actor, orgId: string): void {
    if (!hasRoleAt(actor, 'submitter', orgId)) {
      throw ApiError.forbidden(
        'NOT_ORG_SECRETARY',
        '只有本组织的书记（经办人）可以办理组织生活事项',
        "Only the organization's secretary (submitter) may do this",
      );
    }
  }

  /**
   * The context of a yearly case the secretary starts (民主生活会, 述职): the secretary of an active organization only.
   */
  async activeContextForSecretary(actor: Actor, orgId: string): Promise<OrgLifeContext> {
    const ctx = await this.context(orgId);
    this.requireSecretary(actor, orgId);
    if (ctx.org.status !== 'active') {
      throw new ApiError(409, 'ORG_NOT_ACTIVE', '该党组织不是正常运行的组织', 'The organization is not active', {
        numbers: { orgId, status: ctx.org.status },
      });
    }
    return ctx;
  }

  /** Readers of a plan and its records: the organization's and its ancestors' bodies, its administrators, its members. */
  async requireReader(actor: Actor, ctx: OrgLifeContext): Promise<void> {
    if (mayReadRegistryOf(actor, ctx.orgPath) || isAdminOver(actor, ctx.orgPath)) return;
    const personId = await this.personOf(actor.userId);
    if (personId) {
      const [membership] = await this.registry.membershipsOf([personId], this.today(ctx.policy));
      if (membership?.orgId === ctx.org.id) return;
    }
    throw ApiError.forbidden(
      'ORG_LIFE_NOT_VISIBLE',
      '无权查看该组织的组织生活',
      "You may not read this organization's organizational life",
    );
  }

  private async personOf(userId: string): Promise<string | null> {
    return (await this.identity.getUser(userId))?.personId ?? null;
  }

  private handle(orgId: string): WorkflowHandle {
    return this.client.workflow.getHandle(workflowIds.orgLife(orgId));
  }

  /** The live view of the org-life workflow, or null when none runs (or it does not answer in time). */
  async liveView(orgId: string, timeoutMs = this.settings.caseQueryTimeoutMs): Promise<OrgLifeView | null> {
    try {
      const handle = this.handle(orgId);
      const deadline = Date.now() + timeoutMs;
      const description = await this.client.withDeadline(deadline, () => handle.describe());
      if (description.status.name !== 'RUNNING') return null;
      return await this.client.withDeadline(deadline, () => handle.query(orgLifeQuery));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    }
  }

  /** The kind and year an occurrence id names (`<kind>.<year>.<seq>`); 404 when it names none of the year. */
  private occurrenceRef(occurrenceId: string, year: number): OccurrenceKind {
    const [kind, y] = occurrenceId.split('.');
    if (!(OCCURRENCE_KINDS as readonly string[]).includes(kind) || Number(y) !== year) {
      throw ApiError.notFound(
        'OCCURRENCE_NOT_FOUND',
        `${year}年度计划中没有事项${occurrenceId}`,
        `no occurrence ${occurrenceId} in ${year}`,
      );
    }
    return kind as OccurrenceKind;
  }

  /**
   * Starts the organization's org-life workflow for this year (the plan from today on) or next year (the whole year).
   * A workflow already running for the same year answers its plan; for another year 409 ORG_LIFE_RUNNING.
   */
  async start(actor: Actor, orgId: string, year: number, themeDayOfMonth?: number): Promise<OrgLifePlan> {
    const ctx = await this.context(orgId);
    this.requireSecretary(actor, orgId);
    if (ctx.org.status !== 'active' || !PLANNED_TYPES.has(ctx.org.type)) {
      throw new ApiError(
        409,
        'ORG_NOT_ACTIVE',
        '该党组织不是正常运行的基层组织',
        'The organization is not an active one',
        {
          numbers: { orgId, status: ctx.org.status, type: ctx.org.type },
        },
      );
    }
    const today = this.today(ctx.policy);
    const closed = checkOrgLifeYearOpen(year, today, { zh: '制定组织生活计划', en: 'a plan can be set up' });
    if (closed) throw new DomainRuleError(closed);
    const running = await this.liveView(orgId, this.settings.updateTimeoutMs);
    if (running) {
      if (running.year === year) return this.toPlan(ctx, running, 'workflow', true);
      throw new ApiError(
        409,
        'ORG_LIFE_RUNNING',
        `该组织的${running.year}年度组织生活正在运行`,
        `organizational life of ${running.year} is running`,
        { numbers: { year, runningYear: running.year } },
      );
    }
    const input: OrgLifeInput = {
      orgId,
      orgPath: ctx.orgPath,
      orgName: ctx.org.name,
      orgType: ctx.org.type,
      hasCommittee: ctx.org.hasCommittee,
      year,
      ...(themeDayOfMonth !== undefined ? { themeDayOfMonth } : {}),
      planFrom: year === Number(today.slice(0, 4)) ? today : null,
      upperBodyId: ctx.org.parentId,
      startedBy: actor.userId,
      policyVersion: ctx.policy.version,
    };
    try {
      await this.client.workflow.start(WORKFLOW_TYPES.orgLife, {
        workflowId: workflowIds.orgLife(orgId),
        taskQueue: TASK_QUEUE,
        args: [input],
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    // The first workflow task may take a moment on a loaded worker: wait as long as for a command's answer.
    const view = await this.client.withDeadline(Date.now() + this.settings.updateTimeoutMs, () =>
      this.handle(orgId).query(orgLifeQuery),
    );
    return this.toPlan(ctx, view, 'workflow', true);
  }

  /** The plan of a year: live from the running workflow, else its record in SQL. */
  async plan(actor: Actor, orgId: string, year: number): Promise<OrgLifePlan> {
    const ctx = await this.context(orgId);
    await this.requireReader(actor, ctx);
    const live = await this.liveView(orgId).catch(() => null);
    if (live && live.year === year) return this.toPlan(ctx, live, 'workflow', true);
    const stored = await this.repo.getPlan(orgId, year);
    if (!stored) {
      throw ApiError.notFound(
        'ORG_LIFE_PLAN_NOT_FOUND',
        `${year}年度尚无组织生活计划`,
        `no organizational-life plan for ${year}`,
      );
    }
    return this.toPlan(ctx, stored, 'record', false);
  }

  async adjust(
    actor: Actor,
    orgId: string,
    year: number,
    occurrenceId: string,
    plannedDate: string,
    updateId?: string,
  ) {
    const ctx = await this.context(orgId);
    this.requireSecretary(actor, orgId);
    this.occurrenceRef(occurrenceId, year);
    const o = await this.update(orgId, year, adjustOccurrenceUpdate, { actor, occurrenceId, plannedDate }, updateId);
    return this.occurrence(ctx.policy, o);
  }

  async submit(actor: Actor, orgId: string, year: number, updateId?: string) {
    await this.context(orgId);
    this.requireSecretary(actor, orgId);
    return this.update(orgId, year, submitPlanUpdate, { actor, year }, updateId);
  }

  /**
   * Records a held occurrence (RULES §F): attendance from the roster on the meeting date (members not marked are absent
   * without reason), quorum checked here with its numbers (422) and again by the workflow.
   */
  async record(
    actor: Actor,
    orgId: string,
    year: number,
    occurrenceId: string,
    body: RecordMeetingBody,
    updateId?: string,
  ): Promise<RecordOccurrenceResult> {
    const ctx = await this.context(orgId);
    this.requireSecretary(actor, orgId);
    const kind = this.occurrenceRef(occurrenceId, year);
    const roster = await this.registry.rosterAsOf(orgId, body.heldOn);
    const posts = await this.registry.postsOf(orgId, body.heldOn);
    const postsBy: Record<string, AttendanceEntry['posts']> = {};
    for (const p of posts) (postsBy[p.personId] ??= []).push(p.post);
    const attendance = orThrow(rosterAttendance(kind, roster, postsBy, body.attendance, ctx.policy));
    const quorum = checkMeetingQuorum(kind, attendance, ctx.policy);
    if (quorum.violation) throw new DomainRuleError(quorum.violation);
    const teacher = body.teacherPersonId ?? null;
    // RULES §F 书记讲党课: the secretaries on the day held (the workflow checks the class with the same list)
    const secretaryPersonIds = posts.filter((p) => p.post === 'secretary').map((p) => p.personId);
    const notBySecretary = checkSecretaryClass(kind, teacher, secretaryPersonIds, body.heldOn);
    if (notBySecretary) throw new DomainRuleError(notBySecretary);
    const teacherIsSecretary = teacher !== null && classCountsForSecretary(teacher, secretaryPersonIds);
    return this.update(
      orgId,
      year,
      recordOccurrenceUpdate,
      {
        actor,
        occurrenceId,
        record: {
          recordId: `olr-${randomUUID()}`,
          heldOn: body.heldOn,
          place: body.place ?? null,
          topic: body.topic,
          presidedBy: body.presidedBy ?? null,
          minutes: body.minutes ?? null,
          resolutions: body.resolutions,
          teacherPersonId: teacher,
          teacherIsSecretary,
          secretaryPersonIds,
          hours: body.hours ?? null,
          guests: body.guests.map((g) => ({ name: g.name, note: g.note ?? null })),
          attendance: attendance.map((a) => ({
            personId: a.personId,
            membershipStatus: a.membershipStatus,
            status: a.status,
            reason: a.reason ?? null,
            posts: a.posts ?? [],
          })),
        },
      },
      updateId,
    );
  }

  /** One page of the records of a year, newest first. */
  async records(actor: Actor, orgId: string, year: number, page: PageRequest = {}) {
    const ctx = await this.context(orgId);
    await this.requireReader(actor, ctx);
    return this.repo.pageRecords(orgId, year, page);
  }

  /** A record with its attendance and its attachments (sign-in sheet, photos, minutes). */
  async recordOf(actor: Actor, recordId: string) {
    const record = await this.repo.getRecord(recordId);
    if (!record) throw ApiError.notFound('RECORD_NOT_FOUND', '未找到该记录', 'Record not found');
    await this.requireReader(actor, await this.context(record.orgId));
    return { ...record, attachments: (await this.attachments.listForOrgLifeRecord(recordId)).map(toView) };
  }

  /** Training hours per member of the year against 32 / 56 h (RULES §F, configurable in the policy). */
  async training(actor: Actor, orgId: string, year: number) {
    const ctx = await this.context(orgId);
    await this.requireReader(actor, ctx);
    const asOf = this.asOfInYear(ctx.policy, year);
    const rows = await this.repo.trainingByMember([orgId], year, asOf);
    return {
      orgId,
      year,
      items: rows.map((r) => ({
        personId: r.personId,
        name: r.name,
        // RULES §F: secretaries, deputies and committee members need the leader hours (the domain's one rule)
        ...trainingHoursStatus(r.hours, isTrainingLeader(r.posts), ctx.policy),
      })),
    };
  }

  async addTraining(actor: Actor, orgId: string, year: number, body: TrainingBodyDto) {
    const ctx = await this.context(orgId);
    this.requireSecretary(actor, orgId);
    const roster = new Set(
      (await this.registry.rosterAsOf(orgId, this.asOfInYear(ctx.policy, year))).map((m) => m.personId),
    );
    body.entries.forEach((e, i) => {
      if (!roster.has(e.personId) || Number(e.on.slice(0, 4)) !== year) {
        throw new ApiError(
          400,
          'INVALID_TRAINING_ENTRY',
          `第${i + 1}条学时记录无效`,
          `entries[${i}] is not a member or not in ${year}`,
          {
            numbers: { field: `entries[${i}]` },
          },
        );
      }
    });
    await this.repo.addTraining(
      body.entries.map((e) => ({
        personId: e.personId,
        orgId,
        year,
        on: e.on,
        hours: e.hours,
        source: 'training' as const,
        sourceId: `training-${randomUUID()}`,
        description: e.description,
      })),
    );
    return this.training(actor, orgId, year);
  }

  /** Today when it lies in the year, else the year's last day (a past year) or first day (next year). */
  asOfInYear(policy: PolicyTable, year: number): string {
    const today = this.today(policy);
    if (today < `${year}-01-01`) return `${year}-01-01`;
    if (today > `${year}-12-31`) return `${year}-12-31`;
    return today;
  }

  /** An update of the running org-life workflow; none running → 409 ORG_LIFE_NOT_RUNNING. */
  private async update<Ret, Arg>(
    orgId: string,
    year: number,
    definition: UpdateDefinition<Ret, [Arg]>,
    arg: Arg,
    updateId?: string,
  ): Promise<Ret> {
    const handle = this.handle(orgId);
    try {
      return await this.client.withDeadline(Date.now() + this.settings.updateTimeoutMs, () =>
        handle.executeUpdate(definition, { args: [arg], updateId }),
      );
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      throw new ApiError(
        409,
        'ORG_LIFE_NOT_RUNNING',
        `${year}年度组织生活未在运行`,
        `organizational life of ${year} is not running`,
        {
          numbers: { year },
        },
      );
    }
  }

  private occurrence(policy: PolicyTable, o: OrgLifeView['occurrences'][number]) {
    const info = occurrenceKindInfo(o.kind as OccurrenceKind, policy);
    return { ...o, kind: o.kind as OccurrenceKind, name: info.name, nameEn: info.nameEn };
  }

  toPlan(
    ctx: OrgLifeContext,
    v: OrgLifeView | PlanProjection,
    source: 'workflow' | 'record',
    running: boolean,
  ): OrgLifePlan {
    const status = 'planStatus' in v ? v.planStatus : v.status;
    return {
      orgId: v.orgId,
      orgName: ctx.org.name,
      year: v.year,
      orgType: v.orgType,
      status,
      themeDayOfMonth: v.themeDayOfMonth,
      approvalCaseId: v.approvalCaseId,
      approvedAt: v.approvedAt,
      approvedBy: v.approvedBy,
      policyVersion: v.policyVersion,
      source,
      running,
      occurrences: v.occurrences.map((o) =>
        this.occurrence(ctx.policy, o as OrgLifeView['occurrences'][number]),
      ) as OrgLifePlan['occurrences'],
    };
  }
}
