import { Body, Controller, Delete, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/contracts';
import { libraryCalendar, workingDayCalendar } from '../../../../libs/calendar';
import { RegistryRepository, WorkingDayRepository, type WorkingDayOverrideEntry } from '../../../../libs/db';
import { dayKind } from '../../../../libs/domain';
import { hasRoleAt, isAnyAdmin } from '../auth/actor-access';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiError } from '../common/api-error';
import {
  WorkingDayOverrideBodyDto,
  WorkingDayOverrideDto,
  WorkingDaysListDto,
  WorkingDaysQueryDto,
  workingDayDateParamSchema,
} from './admin.dto';

/**
 * The working-day calendar (RULES §0.2 工作日; issue 10): statutory holidays and make-up workdays come from the holiday
 * library (`chinese-days`); administrators enter the years it does not know yet, and correct single days, in the
 * override table (migration 0011). Every administrator reads it; only an administrator of the organs work committee
 * (the root, whose subtree is every organization the calendar serves) changes it.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/working-days')
export class WorkingDaysController {
  constructor(
    private readonly workingDays: WorkingDayRepository,
    private readonly registry: RegistryRepository,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List the working-day overrides (holidays and make-up workdays the administrators entered)',
    description:
      'Administrators only (403 ADMIN_ONLY). `year` limits the list to one year (400 outside 2000–2999). Each entry ' +
      'says what the holiday library says of its day (`library`, null for a year the library does not know).',
  })
  @ApiOkResponse({ type: WorkingDaysListDto })
  async list(@CurrentActor() actor: Actor, @Query() query: WorkingDaysQueryDto): Promise<WorkingDaysListDto> {
    requireAdmin(actor);
    const overrides = await this.workingDays.entries(query.year);
    const known = workingDayCalendar(await this.workingDays.list());
    return {
      libraryYears: [...libraryCalendar().years],
      knownYears: [...known.years],
      overrides: overrides.map(view),
    };
  }

  @Put(':date')
  @ApiOperation({
    summary: 'Enter or replace the override of one day (a holiday, or a make-up workday 调休上班)',
    description:
      'Administrators of the organs work committee only (403 NOT_ROOT_ADMIN): the calendar serves every ' +
      'organization. `date` is YYYY-MM-DD (400 INVALID_DATE naming it). An entry makes its year known to the ' +
      'calendar: enter every holiday and make-up workday of a year the library does not know.',
  })
  @ApiOkResponse({ type: WorkingDayOverrideDto })
  async put(
    @CurrentActor() actor: Actor,
    @Param('date') date: string,
    @Body() body: WorkingDayOverrideBodyDto,
  ): Promise<WorkingDayOverrideDto> {
    const day = dateParam(date);
    await this.requireRootAdmin(actor);
    await this.workingDays.upsert({ date: day, working: body.working, note: body.note ?? null }, actor.userId);
    return view((await this.workingDays.get(day))!);
  }

  @Delete(':date')
  @ApiOperation({
    summary: 'Remove the override of one day: the library decides it again',
    description:
      'Administrators of the organs work committee only (403 NOT_ROOT_ADMIN). 400 INVALID_DATE for a date that is ' +
      'not YYYY-MM-DD, 404 WORKING_DAY_OVERRIDE_NOT_FOUND when the day has no override. Answers the removed entry.',
  })
  @ApiOkResponse({ type: WorkingDayOverrideDto })
  async remove(@CurrentActor() actor: Actor, @Param('date') date: string): Promise<WorkingDayOverrideDto> {
    const day = dateParam(date);
    await this.requireRootAdmin(actor);
    const entry = await this.workingDays.get(day);
    if (!entry || !(await this.workingDays.remove(day))) {
      throw ApiError.notFound(
        'WORKING_DAY_OVERRIDE_NOT_FOUND',
        `${day}没有工作日历的人工调整记录`,
        `${day} has no working-day override`,
      );
    }
    return view(entry);
  }

  private async requireRootAdmin(actor: Actor): Promise<void> {
    const root = await this.registry.workCommitteeRoot();
    if (root && hasRoleAt(actor, 'admin', root.id)) return;
    throw ApiError.forbidden(
      'NOT_ROOT_ADMIN',
      '只有机关工委的管理员可以调整工作日历（工作日历适用于全部党组织）',
      'Only an administrator of the organs work committee may change the working-day calendar (it serves every organization)',
    );
  }
}

function requireAdmin(actor: Actor): void {
  if (!isAnyAdmin(actor)) {
    throw ApiError.forbidden(
      'ADMIN_ONLY',
      '仅管理员可查看工作日历',
      'Only administrators can read the working-day calendar',
    );
  }
}

function dateParam(value: string): string {
  const parsed = workingDayDateParamSchema.safeParse(value);
  if (!parsed.success) {
    throw new ApiError(400, 'INVALID_DATE', `日期须为YYYY-MM-DD格式：${value}`, `date must be YYYY-MM-DD: ${value}`, {
      numbers: { field: 'date', value },
    });
  }
  return parsed.data;
}

function view(entry: WorkingDayOverrideEntry): WorkingDayOverrideDto {
  return { ...entry, library: dayKind(entry.date, libraryCalendar()) };
}
