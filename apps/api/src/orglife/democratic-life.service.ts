import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import {
  WORKFLOW_TYPES,
  workflowIds,
  type Actor,
  type DemocraticLifeInput,
  type DemocraticLifeResult,
} from '../../../../libs/contracts';
import { CaseRecordRepository, RegistryRepository } from '../../../../libs/db';
import {
  checkDemocraticLifeProposal,
  checkLeadershipTeam,
  checkOrgLifeYearOpen,
  DomainRuleError,
  leadershipTeam,
} from '../../../../libs/domain';
import { TEMPORAL_CLIENT } from '../api-settings';
import { ApiError } from '../common/api-error';
import type { DemocraticLifeCasesDto, StartDemocraticLifeBody } from './democratic-life.dto';
import { OrgLifeService } from './orglife.service';
import { startYearCase, yearCaseRuns } from './year-cases';

/**
 * 民主生活会 of a leadership team (RULES §F): the organization's secretary proposes the topic and date, which start the
 * democraticLife:<orgId>:<year> case (consent of the higher organization department and the discipline committee,
 * preparation, the meeting, the rectification list). Last year's list goes into the case, to be reported on.
 */
@Injectable()
export class DemocraticLifeService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    private readonly orgLife: OrgLifeService,
    private readonly registry: RegistryRepository,
    private readonly records: CaseRecordRepository,
  ) {}

  async start(actor: Actor, orgId: string, year: number, body: StartDemocraticLifeBody) {
    const ctx = await this.orgLife.activeContextForSecretary(actor, orgId);
    const today = this.orgLife.today(ctx.policy);
    const closed = checkOrgLifeYearOpen(year, today, {
      zh: '召开民主生活会',
      en: 'a democratic life meeting is set up',
    });
    if (closed) throw new DomainRuleError(closed);
    const team = leadershipTeam(await this.registry.postsOf(orgId, today));
    refuse(checkLeadershipTeam(team, ctx.org.name));
    refuse(checkDemocraticLifeProposal({ year, topic: body.topic, plannedDate: body.plannedDate }, today));
    const upper = ctx.org.parentId;
    if (!upper) {
      throw new ApiError(
        409,
        'NO_UPPER_ORGANIZATION',
        '该组织没有上级组织，无人审核民主生活会的主题和时间',
        'The organization has no upper organization to consent to the topic and date',
        { numbers: { orgId } },
      );
    }
    const disciplineBodyId = body.disciplineBodyId ?? upper;
    if (!(await this.registry.getOrg(disciplineBodyId)) && !(await this.registry.getPartyGroup(disciplineBodyId))) {
      throw new ApiError(
        400,
        'DISCIPLINE_BODY_UNKNOWN',
        `纪检机关${disciplineBodyId}不是登记的组织或党组`,
        `${disciplineBodyId} is not an organization or party group of the registry`,
        { numbers: { field: 'disciplineBodyId' } },
      );
    }

    const previous = await this.previousList(orgId, year);
    const runs = await this.runs(orgId, year);
    const running = runs.find((r) => r.status === 'active');
    const held = runs.filter((r) => r.status === 'completed');
    if (running || held.length >= ctx.policy.orgLife.democraticLifeFrequency.count) {
      const caseId = (running ?? held[0])!.caseId;
      throw new ApiError(
        409,
        running ? 'DEMOCRATIC_LIFE_RUNNING' : 'DEMOCRATIC_LIFE_HELD',
        running ? `${year}年度民主生活会正在办理（${caseId}）` : `${year}年度民主生活会已召开（${caseId}）`,
        running
          ? `the ${year} democratic life meeting is under way (${caseId})`
          : `the ${year} democratic life meeting was held (${caseId})`,
        { numbers: { caseId, year } },
      );
    }

    const workflowId = workflowIds.democraticLife(orgId, year);
    const caseId = await this.records.nextCaseId(workflowId);
    const input: DemocraticLifeInput = {
      caseId,
      orgId,
      orgPath: ctx.orgPath,
      orgName: ctx.org.name,
      year,
      topic: body.topic.trim(),
      plannedDate: body.plannedDate,
      team,
      organizationDepartmentBodyId: upper,
      disciplineBodyId,
      previous,
      submittedBy: actor.userId,
      submittedAt: new Date().toISOString(),
      policyVersion: ctx.policy.version,
    };
    await startYearCase(
      this.client,
      { workflowType: WORKFLOW_TYPES.democraticLife, workflowId, input, procedure: 'democraticLife', stage: 'D1' },
      { orgId, orgPath: ctx.orgPath },
      () =>
        new ApiError(
          409,
          'DEMOCRATIC_LIFE_RUNNING',
          `${year}年度民主生活会正在办理`,
          `the ${year} democratic life meeting is under way`,
          { numbers: { caseId, year } },
        ),
    );
    return {
      caseId,
      orgId,
      year,
      status: 'active' as const,
      stage: 'D1',
      team,
      organizationDepartmentBodyId: upper,
      disciplineBodyId,
      previousItems: previous?.items.length ?? 0,
    };
  }

  /** The cases of a year (one per attempt; a rejected proposal may be followed by another). */
  async list(actor: Actor, orgId: string, year: number): Promise<DemocraticLifeCasesDto> {
    const ctx = await this.orgLife.context(orgId);
    await this.orgLife.requireReader(actor, ctx);
    return { orgId, year, items: await this.runs(orgId, year) };
  }

  private async runs(orgId: string, year: number) {
    return (await yearCaseRuns(this.records, workflowIds.democraticLife(orgId, year))).map(({ caseId, record }) => {
      const result = record.state.data.result as Partial<DemocraticLifeResult> | undefined;
      return {
        caseId,
        status: record.state.status,
        stage: record.state.stage,
        heldOn: result?.heldOn ?? null,
        items: result?.items?.length ?? 0,
      };
    });
  }

  /** Last year's rectification list (the latest case held), to be reported on at this year's meeting. */
  private async previousList(orgId: string, year: number): Promise<DemocraticLifeInput['previous']> {
    for (const run of await this.runs(orgId, year - 1)) {
      if (run.status === 'active') {
        throw new ApiError(
          409,
          'DEMOCRATIC_LIFE_PREVIOUS_OPEN',
          `${year - 1}年度民主生活会尚未办结（${run.caseId}），其整改清单须在本次会议上通报`,
          `the ${year - 1} meeting is still open (${run.caseId}); its rectification list is reported at this one`,
          { numbers: { caseId: run.caseId, year: year - 1 } },
        );
      }
      if (run.status !== 'completed') continue;
      const result = (await this.records.get(run.caseId))?.state.data.result as DemocraticLifeResult | undefined;
      if (result) return { caseId: run.caseId, heldOn: result.heldOn, items: result.items };
    }
    return null;
  }
}

function refuse(v: ReturnType<typeof checkLeadershipTeam>): void {
  if (v) throw new DomainRuleError(v);
}
