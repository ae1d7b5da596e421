import { Inject, Injectable } from '@nestjs/common';
import { and, eq, gt, isNull, lte, or } from 'drizzle-orm';
import type { Actor } from '../../../../libs/contracts';
import { RegistryRepository, memberships, type Database } from '../../../../libs/db';
import { personIdsNamedBy, withheldPersonRefusal, type RuleViolation } from '../../../../libs/domain';
import { DATABASE } from '../api-settings';
import { isAdminOver, isAnyAdmin, mayReadRegistryOf } from '../auth/actor-access';
import { ApiError } from '../common/api-error';

function notVisible(): ApiError {
  return ApiError.forbidden(
    'NOT_VISIBLE',
    '您无权查看该组织的党员信息',
    'You may not see membership data of this organization',
  );
}

/**
 * 组织台账 privacy (RULES §H.15): rosters and person records show membership status (留党察看, rights suspended).
 * Readers: admins whose subtree includes the org, approvers and submitters at the org or an ancestor.
 */
@Injectable()
export class RegistryAccess {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly registry: RegistryRepository,
  ) {}

  async requireRosterReader(actor: Actor, orgId: string): Promise<void> {
    if (!mayReadRegistryOf(actor, await this.registry.orgPathOf(orgId))) throw notVisible();
  }

  /**
   * A person is readable through any org holding their membership on `isoDate` (today's, not a past one: a member
   * who moved is read by the new organization). A non-member (an applicant) by the readers of the organization of
   * their work unit (`unitOrgId`) and the administrators over it; with none recorded, by administrators only.
   */
  async requirePersonReader(actor: Actor, personId: string, isoDate: string): Promise<void> {
    if (!(await this.mayReadPerson(actor, personId, isoDate))) throw notVisible();
  }

  /** Whether `actor` may see the person's registry data (birth date, contact, membership status) — issue 8 §4. */
  async mayReadPerson(actor: Actor, personId: string, isoDate: string): Promise<boolean> {
    const rows = await this.database.db
      .selectDistinct({ orgId: memberships.orgId })
      .from(memberships)
      .where(
        and(
          eq(memberships.personId, personId),
          lte(memberships.since, isoDate),
          or(isNull(memberships.until), gt(memberships.until, isoDate)),
        ),
      );
    if (rows.length === 0) {
      const unitOrgId = (await this.registry.getPerson(personId))?.unitOrgId ?? null;
      if (!unitOrgId) return isAnyAdmin(actor);
      const path = await this.registry.orgPathOf(unitOrgId);
      return isAdminOver(actor, path) || mayReadRegistryOf(actor, path);
    }
    for (const { orgId } of rows) {
      if (mayReadRegistryOf(actor, await this.registry.orgPathOf(orgId))) return true;
    }
    return false;
  }

  /**
   * A registry refusal as the actor may see it (RULES §H.15; issue 8 §4): unchanged when every person it names is
   * within the actor's scope on `isoDate`, else the neutral PERSON_NOT_ELIGIBLE naming only the ids the actor gave.
   */
  async withinScope(actor: Actor, refusal: RuleViolation | null, isoDate: string): Promise<RuleViolation | null> {
    if (!refusal) return null;
    const named = personIdsNamedBy(refusal);
    for (const personId of named) {
      if (!(await this.mayReadPerson(actor, personId, isoDate))) return withheldPersonRefusal(refusal, named);
    }
    return refusal;
  }
}
