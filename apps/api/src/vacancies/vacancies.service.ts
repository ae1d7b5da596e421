import { Injectable } from '@nestjs/common';
import {
  WORKFLOW_TYPES,
  workflowIds,
  type Actor,
  type ByElectionInput,
  type Vacancy,
} from '../../../../libs/contracts';
import { RegistryRepository, type PostRecord } from '../../../../libs/db';
import {
  DomainRuleError,
  byElectionSeats,
  checkFullMembersWithRights,
  checkRecordedDate,
  invalidInput,
  orThrow,
  violation,
} from '../../../../libs/domain';
import { hasRoleAt, isAdminOver } from '../auth/actor-access';
import { ApiError } from '../common/api-error';
import { todayIso } from '../common/today';
import type { StartCaseResult } from '../cases/cases.service';
import { MetricsService } from '../metrics/metrics.service';
import { CaseNumbers } from '../terms/case-number.query';
import { OrgCaseContexts, type OrgCaseContext } from '../terms/org-case.context';
import { TermGateway } from '../terms/term.gateway';
import type { AppointmentRequest } from './vacancies.dto';

function byElectionPending(caseId: string): ApiError {
  return new ApiError(
    409,
    'BY_ELECTION_PENDING',
    '本组织已有一个补选（指派）事项正在办理，请在其办结后再报告新的缺额',
    'A by-election (or appointment) of this organization is in progress; report new vacancies once it has closed',
    { numbers: { caseId } },
  );
}

/** 补选 and 指派 (RULES §B.4, §D.8): vacancies open a by-election case; the upper organization may appoint instead. */
@Injectable()
export class VacanciesService {
  constructor(
    private readonly registry: RegistryRepository,
    private readonly contexts: OrgCaseContexts,
    private readonly numbers: CaseNumbers,
    private readonly gateway: TermGateway,
    private readonly metrics: MetricsService,
  ) {}

  /**
   * RULES §D.8 item 1: the organization reports its vacancies upward (a submitter at it, or an approver or admin above
   * it). Each vacated post must be held now in the registry and have fallen vacant by today.
   */
  async reportVacancies(actor: Actor, orgId: string, vacancies: Vacancy[]): Promise<StartCaseResult> {
    const ctx = await this.contexts.load(orgId);
    const above = ctx.orgPath.slice(1);
    const allowed =
      hasRoleAt(actor, 'submitter', orgId) ||
      above.some((id) => hasRoleAt(actor, 'approver', id)) ||
      isAdminOver(actor, ctx.orgPath);
    if (!allowed) {
      throw ApiError.forbidden(
        'NOT_ALLOWED',
        '只有本组织的经办人或上级党组织的审批人、管理员可以报告缺额',
        'Only a submitter at the organization, or an approver or admin above it, may report vacancies',
      );
    }
    const seen = new Set<string>();
    for (const [i, v] of vacancies.entries()) {
      const key = `${v.personId}/${v.post}`;
      if (seen.has(key)) {
        throw new DomainRuleError(
          invalidInput('DUPLICATE_VACANCY', `vacancy listed twice: ${key}`, `缺额重复：${key}`, {
            ...v,
            field: `vacancies.${i}`,
          }),
        );
      }
      seen.add(key);
    }
    orThrow(byElectionSeats(vacancies));
    const held = await this.registry.postsOf(orgId);
    const today = todayIso();
    for (const v of vacancies) this.checkVacancy(v, held, today);
    return this.startByElection(actor, ctx, vacancies);
  }

  /**
   * 指派 (RULES §B.4, §D.8 item 6): an approver at the parent organization or at the organs work committee appoints a
   * secretary or deputy. The appointee must be a full member of the organization (RULES §A.1); a held secretary post
   * needs `vacated` naming its holder, whose post then ends.
   */
  async appoint(actor: Actor, orgId: string, request: AppointmentRequest): Promise<StartCaseResult> {
    const ctx = await this.contexts.load(orgId);
    const upper = [ctx.org.parentId, ctx.workCommitteeBodyId].filter((id): id is string => id !== null && id !== orgId);
    if (!upper.some((id) => hasRoleAt(actor, 'approver', id))) {
      throw ApiError.forbidden(
        'NOT_UPPER_APPROVER',
        '只有上级党组织或机关工委的审批人可以指派书记、副书记',
        'Only an approver at the parent organization or the organs work committee may appoint a secretary or deputy',
      );
    }
    const today = todayIso();
    const [member] = (await this.registry.rosterAsOf(orgId, today)).filter((m) => m.personId === request.personId);
    const notEligible = checkFullMembersWithRights('appointee', { [request.personId]: member?.status ?? null });
    if (notEligible) throw new DomainRuleError(notEligible);
    const held = await this.registry.postsOf(orgId);
    if (held.some((p) => p.personId === request.personId && p.post === request.post)) {
      throw new DomainRuleError(
        violation({
          code: 'APPOINTEE_HOLDS_POST',
          kind: 'conflict',
          rule: 'RULES §B.4',
          message: `${request.personId}已担任该职务`,
          messageEn: `${request.personId} already holds ${request.post}`,
          numbers: { personId: request.personId, post: request.post },
        }),
      );
    }
    const vacancies: Vacancy[] = [];
    if (request.vacated) {
      const vacancy: Vacancy = { ...request.vacated, post: request.post };
      this.checkVacancy(vacancy, held, today);
      vacancies.push(vacancy);
    } else if (request.post === 'secretary') {
      const holder = held.find((p) => p.post === 'secretary');
      if (holder) {
        throw new DomainRuleError(
          violation({
            code: 'POST_NOT_VACANT',
            kind: 'rule',
            rule: 'RULES §B.4',
            message: `书记职务现由${holder.name}（${holder.personId}）担任，请在vacated中说明其离任原因`,
            messageEn: `the secretary post is held by ${holder.personId}; give vacated (reason, date) for it`,
            numbers: { holderId: holder.personId, post: 'secretary' },
          }),
        );
      }
    }
    const { vacated: _vacated, ...appointment } = request;
    return this.startByElection(actor, ctx, vacancies, appointment);
  }

  private checkVacancy(v: Vacancy, held: PostRecord[], today: string): void {
    if (!held.some((p) => p.personId === v.personId && p.post === v.post)) {
      throw new DomainRuleError(
        violation({
          code: 'VACANCY_POST_NOT_HELD',
          kind: 'rule',
          rule: 'RULES §B.4, §D.8',
          message: `${v.personId}目前未在本组织担任${v.post}，不能作为缺额`,
          messageEn: `${v.personId} does not hold ${v.post} in the organization now`,
          numbers: { personId: v.personId, post: v.post },
        }),
      );
    }
    const future = checkRecordedDate(v.occurredOn, today, {
      field: 'occurredOn',
      what: { zh: '缺额发生', en: 'the vacancy' },
      rule: 'RULES §D.8',
      code: 'VACANCY_IN_FUTURE',
      numbers: { personId: v.personId, occurredOn: v.occurredOn },
    });
    if (future) throw new DomainRuleError(future);
  }

  private async startByElection(
    actor: Actor,
    ctx: OrgCaseContext,
    vacancies: Vacancy[],
    appointment?: ByElectionInput['appointment'],
  ): Promise<StartCaseResult> {
    const orgId = ctx.org.id;
    const prefix = workflowIds.byElection(orgId, 0).replace(/0$/, '');
    const series = await this.numbers.series(orgId, prefix);
    // One by-election of an organization at a time (our policy, RULES §D.8): a vacancy arising meanwhile is reported
    // once it has closed. Checked on the series, and again by the start itself for a concurrent report.
    const pending = series.find((c) => c.status === 'active');
    if (pending) throw byElectionPending(pending.caseId);
    const started = await this.gateway.startNumbered(
      { workflowType: WORKFLOW_TYPES.byElection, procedure: 'byElection', orgId, orgPath: ctx.orgPath, stage: 'B1' },
      CaseNumbers.next(series),
      (n) => workflowIds.byElection(orgId, n),
      (caseId): ByElectionInput => ({
        caseId,
        orgId,
        orgPath: ctx.orgPath,
        orgName: ctx.org.name,
        orgType: ctx.org.type,
        // RULES §B.4: a by-elected or appointed officer serves until the current term ends
        termEnd: ctx.org.termEnd!,
        vacancies,
        partyGroupBodyId: ctx.partyGroupBodyId,
        workCommitteeBodyId: ctx.workCommitteeBodyId,
        submittedBy: actor.userId,
        submittedAt: new Date().toISOString(),
        policyVersion: ctx.policy.version,
        ...(appointment ? { appointment } : {}),
      }),
      byElectionPending,
    );
    this.metrics.casesStarted.inc({ procedure: 'byElection' });
    return { caseId: started.caseId, orgId, status: 'active' };
  }
}
