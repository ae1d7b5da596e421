import { Inject, Injectable } from '@nestjs/common';
import { and, eq, gt, isNull, lte, or } from 'drizzle-orm';
import type { Actor } from '../../../../libs/contracts';
import { RegistryRepository, memberships, type Database } from '../../../../libs/db';
import { DATABASE } from '../api-settings';
import { isAnyAdmin, mayReadRegistryOf } from '../auth/actor-access';
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
   * A person is readable through any org holding their membership on `isoDate`. A non-member has no membership
   * status to protect; their record is left to administrators.
   */
  async requirePersonReader(actor: Actor, personId: string, isoDate: string): Promise<void> {
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
      if (isAnyAdmin(actor)) return;
      throw notVisible();
    }
    for (const { orgId } of rows) {
      if (mayReadRegistryOf(actor, await this.registry.orgPathOf(orgId))) return;
    }
    throw notVisible();
  }
}
