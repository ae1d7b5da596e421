import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/contracts';
import { ConsoleLookupRepository, RegistryRepository } from '../../../../libs/db';
import { API_SETTINGS, type ApiSettings } from '../api-settings';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Public } from '../auth/public.decorator';
import { ApiError } from '../common/api-error';
import { todayIso } from '../common/today';
import { RegistryAccess } from '../registry/registry-access.service';
import {
  ApplicantListDto,
  CommitteeDto,
  ConsoleConfigDto,
  DepartmentListDto,
  MeDto,
  NamesDto,
  NamesQueryDto,
} from './console.dto';

/** What the web console reads besides the procedures: who is signed in, how to sign in, pickers and labels. */
@ApiTags('console')
@ApiBearerAuth()
@Controller()
export class ConsoleController {
  constructor(
    private readonly lookup: ConsoleLookupRepository,
    private readonly registry: RegistryRepository,
    private readonly access: RegistryAccess,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  @Get('me')
  @ApiOperation({ summary: 'The signed-in user with the roles the API resolved (never taken from the token)' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentActor() actor: Actor): MeDto {
    return { userId: actor.userId, displayName: actor.displayName, roles: actor.roles, adminOrgIds: actor.adminOrgIds };
  }

  @Public()
  @Get('console-config')
  @ApiOperation({ summary: 'How the console signs in: dev users (dev mode) or the OpenID Connect client (production)' })
  @ApiOkResponse({ type: ConsoleConfigDto })
  config(): ConsoleConfigDto {
    return {
      authMode: this.settings.authMode,
      oidc: this.settings.authMode === 'production' ? (this.settings.oidc ?? null) : null,
      temporalUiUrl: this.settings.temporalUiUrl,
    };
  }

  @Get('departments')
  @ApiOperation({ summary: 'Departments with the party group deciding for each (establishment requests)' })
  @ApiOkResponse({ type: DepartmentListDto })
  departments(): Promise<DepartmentListDto> {
    return this.lookup.departmentsWithPartyGroups();
  }

  @Get('orgs/:orgId/applicants')
  @ApiOperation({
    summary: 'People of the work units this organization serves who are not members (RULES §E step 1)',
    description: 'For the application form of member development; readers as for the roster (RULES H-15).',
  })
  @ApiOkResponse({ type: ApplicantListDto })
  async applicants(@CurrentActor() actor: Actor, @Param('orgId') orgId: string): Promise<ApplicantListDto> {
    if (!(await this.registry.getOrg(orgId))) {
      throw ApiError.notFound('ORG_NOT_FOUND', '未找到该党组织', 'Organization not found');
    }
    await this.access.requireRosterReader(actor, orgId);
    const asOf = todayIso();
    return { orgId, asOf, people: await this.lookup.applicantsOf(orgId, asOf) };
  }

  @Get('orgs/:orgId/committee')
  @ApiOperation({ summary: 'The committee of an organization: posts held today (readers as for the roster)' })
  @ApiOkResponse({ type: CommitteeDto })
  async committee(@CurrentActor() actor: Actor, @Param('orgId') orgId: string): Promise<CommitteeDto> {
    if (!(await this.registry.getOrg(orgId))) {
      throw ApiError.notFound('ORG_NOT_FOUND', '未找到该党组织', 'Organization not found');
    }
    await this.access.requireRosterReader(actor, orgId);
    const posts = await this.registry.postsOf(orgId);
    return { orgId, posts: posts.map((p) => ({ personId: p.personId, name: p.name, post: p.post, since: p.since })) };
  }

  @Get('names')
  @ApiOperation({ summary: 'Names of users and people by id (labels of timelines and pickers; names only)' })
  @ApiOkResponse({ type: NamesDto })
  async names(@Query() query: NamesQueryDto): Promise<NamesDto> {
    return { names: await this.lookup.namesOf(query.ids as unknown as string[]) };
  }
}
