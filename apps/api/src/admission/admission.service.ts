import { Injectable } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  workflowIds,
  type Actor,
  type AdmissionInput,
  type AdmissionTransferRequest,
  type AdmissionTransferResult,
} from '../../../../libs/contracts';
import { CaseSummaryRepository } from '../../../../libs/db';
import { DomainRuleError, checkApplicantAge, compareInstants, violation } from '../../../../libs/domain';
import { hasRoleAt, isAdminOver } from '../auth/actor-access';
import { CaseGateway } from '../cases/case.gateway';
import { ApiError } from '../common/api-error';
import { todayIso } from '../common/today';
import { scopedUpdateId } from '../common/update-id';
import { MetricsService } from '../metrics/metrics.service';
import { policyOf } from '../terms/org-case.context';
import { AdmissionGateway } from './admission.gateway';
import { AdmissionRegistryChecks } from './admission-registry.checks';
import type { StartAdmissionDto, StartAdmissionResultDto } from './admission.dto';

function caseExists(caseId: string, orgId: string): ApiError {
  return new ApiError(
    409,
    'ADMISSION_CASE_EXISTS',
    '该人员已有正在办理的发展党员事项',
    'This person already has a running member-development case',
    { numbers: { caseId, orgId } },
  );
}

/** 发展党员 — starting a case and transferring it (RULES §E): registry checks here, the workflow stays authoritative. */
@Injectable()
export class AdmissionService {
  constructor(
    private readonly registry: AdmissionRegistryChecks,
    private readonly summaries: CaseSummaryRepository,
    private readonly gateway: AdmissionGateway,
    private readonly cases: CaseGateway,
    private readonly metrics: MetricsService,
  ) {}

  /**
   * RULES §E step 1: a submitter of the branch (or an administrator over it) registers the application. The branch
   * must be able to admit (H-16); the applicant is a registry person, not yet a member, at the right organization and
   * 18 or older on the application date; one running case per person at any branch.
   */
  async start(actor: Actor, request: StartAdmissionDto, today = todayIso()): Promise<StartAdmissionResultDto> {
    const ctx = await this.registry.admittingOrg(request.orgId);
    if (!hasRoleAt(actor, 'submitter', request.orgId) && !isAdminOver(actor, ctx.orgPath)) {
      throw ApiError.forbidden(
        'NOT_SUBMITTER',
        '只有本支部的经办人或其上级管理员可以登记入党申请',
        'Only a submitter of the branch or an administrator over it may register an application',
      );
    }
    if (compareInstants(request.applicationDate, today) > 0) {
      throw new DomainRuleError(
        violation({
          code: 'APPLICATION_DATE_IN_FUTURE',
          kind: 'rule',
          rule: 'RULES §E step 1',
          message: `申请日期${request.applicationDate}晚于今天${today}`,
          messageEn: `the application date ${request.applicationDate} lies after today (${today})`,
          numbers: { applicationDate: request.applicationDate, today },
        }),
      );
    }
    const person = await this.registry.applicant(request.personId, request.orgId, request.applicationDate);
    const policy = policyOf(ctx.org);
    const age = checkApplicantAge(person.birthDate, request.applicationDate, policy);
    if (age) throw new DomainRuleError(age);

    const caseId = workflowIds.admission(request.orgId, request.personId);
    const [running] = await this.summaries.activeForPerson(request.personId, 'admission');
    if (running) throw caseExists(running.caseId, running.orgId);

    const input: AdmissionInput = {
      caseId,
      orgId: request.orgId,
      orgPath: ctx.orgPath,
      personId: request.personId,
      personName: person.name,
      birthDate: person.birthDate,
      applicationDate: request.applicationDate,
      upperCommitteeId: ctx.upperCommitteeId,
      partyGroupBodyId: ctx.partyGroupBodyId,
      submittedBy: actor.userId,
      submittedAt: new Date().toISOString(),
      policyVersion: policy.version,
    };
    try {
      await this.gateway.start(input, request.note);
    } catch (e) {
      if (e instanceof WorkflowExecutionAlreadyStartedError) throw caseExists(caseId, request.orgId);
      throw e;
    }
    this.metrics.casesStarted.inc({ procedure: 'admission' });
    return {
      caseId,
      orgId: request.orgId,
      personId: request.personId,
      status: 'active',
      policyVersion: policy.version,
      upperCommitteeId: ctx.upperCommitteeId,
      partyGroupBodyId: ctx.partyGroupBodyId,
    };
  }

  /**
   * 组织关系转接 (RULES §E step 21, H-12): a submitter of the holding or the receiving branch, or an administrator over
   * the case, moves it to another branch that can admit; its path and approvers are resolved here (RULES §A.3) and the
   * workflow's transfer update decides (its refusals map like every other update's).
   */
  async transfer(
    actor: Actor,
    caseId: string,
    request: AdmissionTransferRequest,
    idempotencyKey: string | undefined,
  ): Promise<AdmissionTransferResult> {
    const state = await this.cases.caseState(caseId);
    if (state.procedure !== 'admission') {
      throw ApiError.notFound('ADMISSION_CASE_NOT_FOUND', '未找到该发展党员事项', 'No member-development case here');
    }
    const allowed =
      hasRoleAt(actor, 'submitter', state.orgId) ||
      hasRoleAt(actor, 'submitter', request.toOrgId) ||
      isAdminOver(actor, state.orgPath);
    if (!allowed) {
      throw ApiError.forbidden(
        'NOT_SUBMITTER',
        '只有转出或转入支部的经办人或其上级管理员可以办理组织关系转接',
        'Only a submitter of the sending or receiving branch or an administrator over the case may transfer it',
      );
    }
    if (state.status !== 'active') {
      throw new ApiError(409, 'CASE_NOT_ACTIVE', '该事项已结束，不能转接', 'The case is closed and cannot move', {
        numbers: { caseId, status: state.status },
      });
    }
    if (request.toOrgId === state.orgId) {
      throw new DomainRuleError(
        violation({
          code: 'TRANSFER_SAME_ORG',
          kind: 'rule',
          rule: 'RULES §E step 21 (H-12)',
          message: `转入组织与当前组织相同（${state.orgId}）`,
          messageEn: `the receiving organization is the case's own (${state.orgId})`,
          numbers: { orgId: state.orgId, toOrgId: request.toOrgId },
        }),
      );
    }
    const target = await this.registry.admittingOrg(request.toOrgId);
    return this.gateway.transfer(
      caseId,
      {
        actor,
        transfer: {
          ...request,
          toOrgPath: target.orgPath,
          upperCommitteeId: target.upperCommitteeId,
          partyGroupBodyId: target.partyGroupBodyId,
        },
      },
      scopedUpdateId(actor, 'transferAdmission', caseId, idempotencyKey),
    );
  }
}
