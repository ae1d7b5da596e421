import { Injectable } from '@nestjs/common';
import {
  WORKFLOW_TYPES,
  workflowIds,
  type Actor,
  type TermShiftInput,
  type TermShiftRequest,
} from '../../../../libs/contracts';
import { RegistryRepository, type OrgTermRecord, type PageRequest } from '../../../../libs/db';
import { DomainRuleError, checkShiftRequest, termStateOn, violation } from '../../../../libs/domain';
import { hasRoleAt } from '../auth/actor-access';
import { ApiError } from '../common/api-error';
import { todayIso } from '../common/today';
import type { StartCaseResult } from '../cases/cases.service';
import { MetricsService } from '../metrics/metrics.service';
import { CaseNumbers } from './case-number.query';
import { OrgCaseContexts, policyOf } from './org-case.context';
import { TermGateway } from './term.gateway';
import type { OrgTermState, OrgTermView } from './terms.dto';

export interface TermStatesFilter {
  state?: OrgTermState['state'];
  orgId?: string;
  shifted?: boolean;
}

const DAY_MS = 86_400_000;

/** Term clocks, term states and early / delayed election requests (RULES §B.2, §B.3, §D.1, H-19). */
@Injectable()
export class TermsService {
  constructor(
    private readonly registry: RegistryRepository,
    private readonly contexts: OrgCaseContexts,
    private readonly numbers: CaseNumbers,
    private readonly gateway: TermGateway,
    private readonly metrics: MetricsService,
  ) {}

  /**
   * Active organizations by term state (current, due within 6 months, election open, overdue — RULES §D.1, H-19),
   * ordered by the date the election is due. The state is the term clock's projection; an organization whose clock
   * has not reported yet gets the state its registry dates give today (`stateSource: computed`). One page (keyset): a
   * page filtered by state may end short of `limit` when many unreported organizations were read and dropped.
   */
  async termStates(
    filter: TermStatesFilter,
    page: PageRequest = {},
    today = todayIso(),
  ): Promise<{ asOf: string; items: OrgTermState[]; nextCursor: string | null }> {
    if (filter.orgId !== undefined) await this.contexts.orgTerm(filter.orgId);
    const { state } = filter;
    // the projected state filters in SQL; an unreported organization's state is computed here from its dates
    const { items, nextCursor } = await this.registry.pageByTermState(
      {
        subtreeRootId: filter.orgId,
        shifted: filter.shifted,
        ...(state === undefined ? {} : { states: [state, null] }),
      },
      page,
      state === undefined ? undefined : (org) => termStateOf(org, today).state === state,
    );
    return { asOf: today, items: items.map((org) => termStateOf(org, today)), nextCursor };
  }

  /**
   * The registry's term fields and the live clock (termClockQuery on termClock:<orgId>); the clock is null when none
   * runs or it does not answer in time (the registry's term state is the clock's projection and answers either way).
   */
  async orgTerm(orgId: string, today = todayIso()): Promise<OrgTermView> {
    const org = await this.contexts.orgTerm(orgId);
    const clock = await this.gateway.termClockView(workflowIds.termClock(orgId)).catch(() => null);
    return { orgId, registry: termStateOf(org, today), clock };
  }

  /**
   * 提前 / 延期换届 (RULES §B.3): a submitter at the organization or its parent asks for another election date. The cap
   * (≤ 1 year either way from T, never in the past) is pre-checked here against the live clock; the workflow checks it
   * again at start and in the organs work committee's validator.
   */
  async requestShift(actor: Actor, orgId: string, request: TermShiftRequest): Promise<StartCaseResult> {
    const ctx = await this.contexts.load(orgId);
    const { org } = ctx;
    if (
      !hasRoleAt(actor, 'submitter', orgId) &&
      !(org.parentId !== null && hasRoleAt(actor, 'submitter', org.parentId))
    ) {
      throw ApiError.forbidden(
        'NOT_SUBMITTER',
        '只有本组织或其上级党组织的经办人可以申请提前或延期换届',
        'Only a submitter at the organization or its parent may request an early or delayed election',
      );
    }
    const clock = await this.gateway.termClockView(workflowIds.termClock(orgId));
    if (!clock || clock.state === 'closed') {
      throw new ApiError(
        409,
        'TERM_CLOCK_NOT_RUNNING',
        '该党组织的任期时钟未运行',
        'No term clock runs for this organization',
        {
          numbers: { orgId, clockState: clock?.state ?? null },
        },
      );
    }
    const today = todayIso();
    // RULES §B.3: the cap counts from the term's expiry T (not from an earlier approved shift), so shifts never chain.
    const refused = checkShiftRequest(clock.termEnd, request.plannedElectionDate, today, ctx.policy);
    // a malformed date is answered as it is (400 naming the value); a broken rule also names the current due date
    if (refused?.kind === 'invalid') throw new DomainRuleError(refused);
    if (refused)
      throw new DomainRuleError({ ...refused, numbers: { ...refused.numbers, electionDue: clock.electionDue } });
    if (request.plannedElectionDate === clock.electionDue) {
      throw new DomainRuleError(
        violation({
          code: 'TERM_SHIFT_NO_CHANGE',
          kind: 'rule',
          rule: 'RULES §B.3',
          message: `换届日期${request.plannedElectionDate}与当前应换届日期相同，无需申请`,
          messageEn: `the election is already due on ${request.plannedElectionDate}`,
          numbers: { electionDue: clock.electionDue, planned: request.plannedElectionDate },
        }),
      );
    }

    const prefix = workflowIds.termShift(orgId, clock.termNo, 0).replace(/0$/, '');
    const series = await this.numbers.series(orgId, prefix);
    const shiftPending = (caseId: string) =>
      new ApiError(
        409,
        'TERM_SHIFT_PENDING',
        '本届已有一个提前或延期换届申请正在办理',
        'A shift request of this term is pending',
        {
          numbers: { caseId },
        },
      );
    const pending = series.find((c) => c.status === 'active');
    if (pending) throw shiftPending(pending.caseId);
    const started = await this.gateway.startNumbered(
      { workflowType: WORKFLOW_TYPES.termShift, procedure: 'termElection', orgId, orgPath: ctx.orgPath, stage: 'S1' },
      CaseNumbers.next(series),
      (n) => workflowIds.termShift(orgId, clock.termNo, n),
      (caseId): TermShiftInput => ({
        caseId,
        orgId,
        orgPath: ctx.orgPath,
        termNo: clock.termNo,
        termEnd: clock.termEnd,
        request,
        partyGroupBodyId: ctx.partyGroupBodyId,
        workCommitteeBodyId: ctx.workCommitteeBodyId,
        submittedBy: actor.userId,
        submittedAt: new Date().toISOString(),
        policyVersion: ctx.policy.version,
      }),
      shiftPending,
    );
    this.metrics.casesStarted.inc({ procedure: 'termElection' });
    return { caseId: started.caseId, orgId, status: 'active' };
  }
}

/** One organization's term state: the clock's projection, else computed from the registry dates (RULES §D.1, H-19). */
export function termStateOf(org: OrgTermRecord, today: string): OrgTermState {
  const shiftedTo = org.electionDue;
  const electionDue = shiftedTo ?? org.termEnd;
  let state: OrgTermState['state'] = org.termState;
  let stateSource: OrgTermState['stateSource'] = 'clock';
  if (state === null) {
    stateSource = 'computed';
    state =
      org.termEnd === null
        ? null
        : termStateOn(
            today,
            { termEnd: org.termEnd, shiftedTo, electionOpen: org.electionCaseId !== null, closed: false },
            policyOf(org),
          );
  }
  const daysOverdue =
    state === 'overdue' && electionDue !== null
      ? Math.max(0, Math.round((Date.parse(today) - Date.parse(electionDue)) / DAY_MS))
      : null;
  return {
    orgId: org.id,
    name: org.name,
    type: org.type,
    parentId: org.parentId,
    termNo: org.termNo,
    termStart: org.termStart,
    termEnd: org.termEnd,
    shiftedTo,
    electionDue,
    state,
    stateSource,
    electionCaseId: org.electionCaseId,
    daysOverdue,
  };
}
