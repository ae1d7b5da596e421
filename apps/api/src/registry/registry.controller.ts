import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RegistryRepository, type OrgTreeNode } from '../../../../libs/db';
import type { Actor } from '../../../../libs/contracts';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ApiError } from '../common/api-error';
import { todayIso } from '../common/today';
import { DuesService } from './dues.service';
import { RegistryAccess } from './registry-access.service';
import { DuesBodyDto, DuesViewDto, OrgTreeDto, OrgViewDto, PersonDto, RosterDto, RosterQueryDto } from './registry.dto';

/**
 * The organization registry (组织台账). The tree and org records are open to every signed-in user; rosters and person
 * records carry membership status and are limited (RULES §H.15, see RegistryAccess).
 */
@ApiTags('registry')
@ApiBearerAuth()
@Controller()
export class RegistryController {
  constructor(
    private readonly registry: RegistryRepository,
    private readonly access: RegistryAccess,
    private readonly dues: DuesService,
  ) {}

  @Get('orgs')
  @ApiOkResponse({ type: OrgTreeDto })
  tree(): Promise<OrgTreeNode[]> {
    return this.registry.getTree();
  }

  @Get('orgs/:orgId')
  @ApiOkResponse({ type: OrgViewDto })
  async org(@Param('orgId') orgId: string): Promise<OrgViewDto> {
    const org = await this.registry.getOrg(orgId);
    if (!org) throw orgNotFound();
    return org;
  }

  @Get('orgs/:orgId/roster')
  @ApiOkResponse({ type: RosterDto })
  async roster(
    @CurrentActor() actor: Actor,
    @Param('orgId') orgId: string,
    @Query() query: RosterQueryDto,
  ): Promise<RosterDto> {
    if (!(await this.registry.getOrg(orgId))) throw orgNotFound();
    await this.access.requireRosterReader(actor, orgId);
    const asOf = query.asOf ?? todayIso();
    return { orgId, asOf, members: await this.registry.rosterAsOf(orgId, asOf) };
  }

  @Get('people/:personId')
  @ApiOkResponse({ type: PersonDto })
  async person(@CurrentActor() actor: Actor, @Param('personId') personId: string): Promise<PersonDto> {
    const person = await this.registry.getPerson(personId);
    if (!person) throw ApiError.notFound('PERSON_NOT_FOUND', '未找到该人员', 'Person not found');
    const today = todayIso();
    await this.access.requirePersonReader(actor, personId, today);
    const [membership] = await this.registry.rosterAsOf([personId], today);
    return { ...person, membership: membership ?? null };
  }

  @Get('people/:personId/dues')
  @ApiOperation({
    summary: 'Unpaid dues of a member (党费欠缴), the fact the lapse watch reads (RULES §F, 党章 Art. 9)',
    description: 'The open arrears (first unpaid month, months ended unpaid today) and the history; registry readers.',
  })
  @ApiOkResponse({ type: DuesViewDto })
  duesOf(@CurrentActor() actor: Actor, @Param('personId') personId: string): Promise<DuesViewDto> {
    return this.dues.view(actor, personId);
  }

  @Put('people/:personId/dues')
  @ApiOperation({
    summary: 'Record unpaid dues (first unpaid month) or clear them once paid — administrators',
    description:
      "An administrator over the member's organization (403 ADMIN_ONLY); the person must be a member today (409 " +
      'NOT_A_MEMBER); `unpaidSince` YYYY-MM not after this month (400 naming the field), null settles the arrears. The ' +
      'monthly lapse watch of the organization counts the months ended unpaid: a warning (talk) at 3, a flag at 6.',
  })
  @ApiOkResponse({ type: DuesViewDto })
  setDues(
    @CurrentActor() actor: Actor,
    @Param('personId') personId: string,
    @Body() body: DuesBodyDto,
  ): Promise<DuesViewDto> {
    return this.dues.set(actor, personId, body);
  }
}

function orgNotFound(): ApiError {
  return ApiError.notFound('ORG_NOT_FOUND', '未找到该党组织', 'Organization not found');
}
