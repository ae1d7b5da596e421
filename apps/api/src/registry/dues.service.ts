import { Injectable } from '@nestjs/common';
import type { Actor } from '../../../../libs/contracts';
import { DuesRepository, RegistryRepository, type DuesArrearsRecord } from '../../../../libs/db';
import { checkDuesUnpaidSince, duesUnpaidMonths, orThrow } from '../../../../libs/domain';
import { isAdminOver } from '../auth/actor-access';
import { ApiError } from '../common/api-error';
import { todayIso } from '../common/today';
import { RegistryAccess } from './registry-access.service';
import type { DuesBody, DuesView } from './registry.dto';

/**
 * 党费欠缴 — the registry fact the lapse watch reads (RULES §F, 党章 Art. 9). Dues are collected outside Branchflow; an
 * administrator over the member's organization records the first unpaid month, or clears it once paid (the row is
 * settled and kept). The org-life workflow's monthly watch counts the months ended unpaid: a warning at 3, a flag at 6.
 */
@Injectable()
export class DuesService {
  constructor(
    private readonly dues: DuesRepository,
    private readonly registry: RegistryRepository,
    private readonly access: RegistryAccess,
  ) {}

  async view(actor: Actor, personId: string): Promise<DuesView> {
    await this.requirePerson(personId);
    const today = todayIso();
    await this.access.requirePersonReader(actor, personId, today);
    return this.toView(personId, today);
  }

  async set(actor: Actor, personId: string, body: DuesBody): Promise<DuesView> {
    await this.requirePerson(personId);
    const today = todayIso();
    const [membership] = await this.registry.membershipsOf([personId], today);
    if (!membership) {
      throw new ApiError(
        409,
        'NOT_A_MEMBER',
        '该人员今天不是党员，无党费可登记',
        'The person is not a party member today: there are no dues to record',
        { numbers: { personId, today } },
      );
    }
    if (!isAdminOver(actor, await this.registry.orgPathOf(membership.orgId))) {
      throw new ApiError(
        403,
        'ADMIN_ONLY',
        '只有该党员所在组织的上级管理员可以登记党费欠缴',
        "Only an administrator over the member's organization may record unpaid dues",
        { numbers: { personId, orgId: membership.orgId } },
      );
    }
    if (body.unpaidSince === null) {
      await this.dues.settle(personId, today, actor.userId);
    } else {
      await this.dues.recordArrears({
        personId,
        sinceMonth: orThrow(checkDuesUnpaidSince(body.unpaidSince, today)),
        note: body.note ?? null,
        recordedBy: actor.userId,
      });
    }
    return this.toView(personId, today);
  }

  private async requirePerson(personId: string): Promise<void> {
    if (!(await this.registry.getPerson(personId))) {
      throw ApiError.notFound('PERSON_NOT_FOUND', '未找到该人员', 'Person not found');
    }
  }

  private async toView(personId: string, today: string): Promise<DuesView> {
    const current = await this.dues.current(personId);
    const history = await this.dues.history(personId);
    return {
      personId,
      unpaidSince: current?.sinceMonth ?? null,
      unpaidMonths: duesUnpaidMonths(current?.sinceMonth ?? null, today),
      asOf: today,
      history: history.map((h: DuesArrearsRecord) => ({
        sinceMonth: h.sinceMonth,
        note: h.note,
        recordedBy: h.recordedBy,
        recordedAt: h.recordedAt,
        settledOn: h.settledOn,
        settledBy: h.settledBy,
      })),
    };
  }
}
