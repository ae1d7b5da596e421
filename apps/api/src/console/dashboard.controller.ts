import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/contracts';
import { DashboardRepository, RegistryRepository } from '../../../../libs/db';
import { addToDate } from '../../../../libs/domain';
import { isAnyAdmin } from '../auth/actor-access';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiError } from '../common/api-error';
import { todayIso } from '../common/today';
import { DashboardDto } from './console.dto';

/** The administrators' dashboard: counts over the subtrees they administer. */
@ApiTags('console')
@ApiBearerAuth()
@Controller('dashboard')
export class DashboardController {
  constructor(
    private readonly dashboard: DashboardRepository,
    private readonly registry: RegistryRepository,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Open cases by procedure and stage, elections due by month, overdue tasks by body (administrators)',
  })
  @ApiOkResponse({ type: DashboardDto })
  async get(@CurrentActor() actor: Actor): Promise<DashboardDto> {
    if (!isAnyAdmin(actor)) {
      throw ApiError.forbidden('NOT_ADMIN', '仅管理员可查看统计', 'Only administrators may see the dashboard');
    }
    const orgIds = actor.adminOrgIds;
    const asOf = todayIso();
    const from = `${asOf.slice(0, 7)}-01`;
    const to = addToDate(addToDate(from, { months: 12 }), { days: -1 });
    const [openCasesByStage, electionsDueByMonth, overdueTasksByBody, overdue] = await Promise.all([
      this.dashboard.openCasesByStage(orgIds),
      this.dashboard.electionsDueByMonth(orgIds, from, to),
      this.dashboard.overdueTasksByBody(orgIds, new Date().toISOString()),
      this.registry.listByTermState({ states: ['overdue'] }),
    ]);
    return {
      asOf,
      openCasesByStage,
      electionsDueByMonth,
      overdueElections: overdue.filter((o) => orgIds.includes(o.id)).length,
      overdueTasksByBody,
    };
  }
}
