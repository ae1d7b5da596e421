import { Injectable } from '@nestjs/common';
import type { Actor, CaseStatus, Procedure } from '../../../../libs/contracts';
import { CaseSummaryRepository, type CaseListPage } from '../../../../libs/db';
import { nodesWithRole } from '../auth/actor-access';

export interface CaseListQuery {
  procedure?: Procedure;
  orgId?: string;
  status?: CaseStatus;
  stage?: string;
  overdue?: boolean;
  /** cases carrying this compliance flag */
  flag?: string;
  /** cases about this person */
  personId?: string;
  /** only cases the actor submitted (我发起的) */
  mine?: boolean;
  limit: number;
  offset: number;
  /** keyset: the `nextCursor` of the previous page (then `offset` is not used) */
  cursor?: string;
}

/**
 * The case list scoped to the actor: cases inside the subtrees they administer, cases they submitted and cases with
 * tasks they may act on (CaseSummaryRepository.listVisible, one bounded query whatever the actor's history).
 */
@Injectable()
export class CaseListService {
  constructor(private readonly summaries: CaseSummaryRepository) {}

  list(actor: Actor, query: CaseListQuery): Promise<CaseListPage> {
    const viewer = { userId: actor.userId, roles: actor.roles, adminRoots: nodesWithRole(actor, 'admin') };
    return this.summaries.listVisible(viewer, {
      procedure: query.procedure,
      orgSubtreeId: query.orgId,
      status: query.status,
      stage: query.stage,
      overdue: query.overdue,
      flag: query.flag,
      personId: query.personId,
      mine: query.mine,
      limit: query.limit,
      offset: query.offset,
      cursor: query.cursor,
    });
  }
}
