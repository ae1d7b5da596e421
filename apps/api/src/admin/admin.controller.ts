import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/contracts';
import { AuditRepository, CaseSummaryRepository, describeAuditBreak, type AuditChainReport } from '../../../../libs/db';
import { isAdminOver, isAnyAdmin } from '../auth/actor-access';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiError } from '../common/api-error';
import { AuditVerifyQueryDto, AuditVerifyResultDto } from './admin.dto';
import { AuditScope } from './audit-scope.query';

/** Administrators' checks over the records (issue 8 §7). */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
export class AdminController {
  constructor(
    private readonly audit: AuditRepository,
    private readonly cases: CaseSummaryRepository,
    private readonly scope: AuditScope,
  ) {}

  @Get('audit/verify')
  @ApiOperation({
    summary: 'Check the tamper-evident audit trail (hash chain) of one case or of every case one administers',
    description:
      'Each audit row carries the SHA-256 of the previous row of its case; the answer names the first broken link ' +
      'of each broken case. The same check as `npm run audit:verify`.',
  })
  @ApiOkResponse({ type: AuditVerifyResultDto })
  async verify(@CurrentActor() actor: Actor, @Query() query: AuditVerifyQueryDto): Promise<AuditVerifyResultDto> {
    if (!isAnyAdmin(actor)) {
      throw ApiError.forbidden(
        'ADMIN_ONLY',
        '仅管理员可核验审计记录',
        'Only administrators can verify the audit trail',
      );
    }
    if (query.caseId !== undefined) {
      const summary = await this.cases.get(query.caseId);
      const orgPath = summary?.orgPath ?? (await this.scope.orgPathOfAuditCase(query.caseId));
      if (!orgPath || !isAdminOver(actor, orgPath)) {
        throw ApiError.notFound('CASE_NOT_FOUND', '未找到该案件', 'Case not found');
      }
      return result({ casesChecked: 1, ...single(await this.audit.verifyCase(query.caseId)) });
    }
    const summary = await this.audit.verifyAll((caseIds) => this.scope.administeredAmong(actor, caseIds));
    return result(summary);
  }
}

function single(report: AuditChainReport) {
  return { rowsChecked: report.rows, broken: report.ok ? [] : [report] };
}

function result(s: { casesChecked: number; rowsChecked: number; broken: AuditChainReport[] }): AuditVerifyResultDto {
  return {
    ok: s.broken.length === 0,
    casesChecked: s.casesChecked,
    rowsChecked: s.rowsChecked,
    broken: s.broken.map((r) => ({ ...r, message: describeAuditBreak(r) })),
  };
}
