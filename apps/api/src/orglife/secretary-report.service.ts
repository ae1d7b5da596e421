import { Inject, Injectable } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import {
  WORKFLOW_TYPES,
  workflowIds,
  type Actor,
  type SecretaryReportCaseData,
  type SecretaryReportInput,
  type SecretaryReportResult,
} from '../../../../libs/contracts';
import { CaseRecordRepository, RegistryRepository } from '../../../../libs/db';
import {
  checkReportingSecretary,
  checkSecretaryReportDate,
  DomainRuleError,
  reportGrade,
} from '../../../../libs/domain';
import { TEMPORAL_CLIENT } from '../api-settings';
import { ApiError } from '../common/api-error';
import { OrgLifeService } from './orglife.service';
import type { SecretaryReportCasesDto, StartSecretaryReportBody } from './secretary-report.dto';
import { startYearCase, yearCaseRuns } from './year-cases';

/**
 * 述职评议 (RULES §F, 机关条例2019 Art. 39): the organization's secretary files the yearly report, which starts the
 * secretaryReport:<orgId>:<year> case; the upper organization appraises it from its inbox (R1).
 */
@Injectable()
export class SecretaryReportService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    private readonly orgLife: OrgLifeService,
    private readonly registry: RegistryRepository,
    private readonly records: CaseRecordRepository,
  ) {}

  async start(actor: Actor, orgId: string, year: number, body: StartSecretaryReportBody) {
    const ctx = await this.orgLife.activeContextForSecretary(actor, orgId);
    const today = this.orgLife.today(ctx.policy);
    const reportedOn = body.reportedOn ?? today;
    const refused = checkSecretaryReportDate(year, reportedOn, today);
    if (refused) throw new DomainRuleError(refused);
    const upperBodyId = ctx.org.parentId;
    if (!upperBodyId) {
      throw new ApiError(
        409,
        'NO_UPPER_ORGANIZATION',
        '该组织没有上级组织，无处述职',
        'The organization has no upper organization to report to',
        { numbers: { orgId } },
      );
    }
    const posts = await this.registry.postsOf(orgId, reportedOn);
    const noSecretary = checkReportingSecretary(ctx.org, reportedOn, posts);
    if (noSecretary) throw new DomainRuleError(noSecretary);
    const secretary = posts.find((p) => p.post === 'secretary')!;
    const workflowId = workflowIds.secretaryReport(orgId, year);
    const runs = await this.runs(orgId, year);
    const running = runs.find((r) => r.status === 'active');
    const held = runs.filter((r) => r.status === 'completed');
    if (running || held.length >= ctx.policy.orgLife.secretaryReportFrequency.count) {
      const caseId = (running ?? held[0])!.caseId;
      throw new ApiError(
        409,
        running ? 'SECRETARY_REPORT_RUNNING' : 'SECRETARY_REPORT_HELD',
        running ? `${year}年度述职评议正在办理（${caseId}）` : `${year}年度已述职并评议（${caseId}）`,
        running ? `the ${year} report is being appraised (${caseId})` : `the ${year} report was appraised (${caseId})`,
        { numbers: { caseId, year } },
      );
    }
    const caseId = await this.records.nextCaseId(workflowId);
    const input: SecretaryReportInput = {
      caseId,
      orgId,
      orgPath: ctx.orgPath,
      orgName: ctx.org.name,
      year,
      secretaryPersonId: secretary.personId,
      secretaryName: secretary.name,
      report: body.report,
      reportedOn,
      upperBodyId,
      submittedBy: actor.userId,
      submittedAt: new Date().toISOString(),
      policyVersion: ctx.policy.version,
    };
    await startYearCase(
      this.client,
      { workflowType: WORKFLOW_TYPES.secretaryReport, workflowId, input, procedure: 'secretaryReport', stage: 'R1' },
      { orgId, orgPath: ctx.orgPath },
      () =>
        new ApiError(
          409,
          'SECRETARY_REPORT_RUNNING',
          `${year}年度述职评议正在办理`,
          `the ${year} report is being appraised`,
          { numbers: { caseId, year } },
        ),
    );
    return {
      caseId,
      orgId,
      year,
      status: 'active' as const,
      stage: 'R1',
      secretaryPersonId: secretary.personId,
      reportedOn,
      upperBodyId,
      grades: ctx.policy.orgLife.secretaryReportGrades.map((g) => ({ ...g })),
    };
  }

  async list(actor: Actor, orgId: string, year: number): Promise<SecretaryReportCasesDto> {
    const ctx = await this.orgLife.context(orgId);
    await this.orgLife.requireReader(actor, ctx);
    const items = (await this.runs(orgId, year)).map((r) => {
      const grade = r.grade ? reportGrade(r.grade, ctx.policy) : undefined;
      return { ...r, gradeName: grade?.zh ?? null, gradeNameEn: grade?.en ?? null };
    });
    return { orgId, year, grades: ctx.policy.orgLife.secretaryReportGrades.map((g) => ({ ...g })), items };
  }

  private async runs(orgId: string, year: number) {
    return (await yearCaseRuns(this.records, workflowIds.secretaryReport(orgId, year))).map(({ caseId, record }) => {
      const data = record.state.data as Partial<SecretaryReportCaseData>;
      const result = record.state.data.result as Partial<SecretaryReportResult> | undefined;
      const appraisal = data.appraisal;
      return {
        caseId,
        status: record.state.status,
        stage: record.state.stage,
        reportedOn: data.reportedOn ?? null,
        grade: result?.grade ?? appraisal?.grade ?? null,
        appraisedOn: result?.appraisedOn ?? appraisal?.appraisedOn ?? null,
        rectifyBy: result?.rectifyBy ?? null,
      };
    });
  }
}
