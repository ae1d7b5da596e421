import { Injectable } from '@nestjs/common';
import {
  checkCultivationContacts,
  checkEntitledVoters,
  checkFullMembersWithRights,
  checkIntroducers,
  checkIntroducersAvailable,
  checkPublicNotice,
  checkStepDate,
  getPolicy,
  localDate,
  practiceTimerOn,
  type PolicyTable,
  type RuleViolation,
} from '../../../../libs/domain';
import { workingDayCalendar } from '../../../../libs/calendar';
import { AuditRepository, WorkingDayRepository } from '../../../../libs/db';
import { CaseReader } from '../cases/case-reader';
import { RegistryAccess } from '../registry/registry-access.service';
import type { DecisionCheckContext, DecisionCheckHook } from '../cases/decision-check.hook';
import { AdmissionRegistryChecks } from './admission-registry.checks';
import { refuse } from './refuse';

const CHECKED_STEPS = new Set(['E5', 'E9', 'E15', 'E23']);

const stringsOf = (value: unknown): string[] | null =>
  Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : null;

/**
 * Member development steps checked against the registry before the decision reaches the workflow (whose validators
 * check shapes, counts and consent again): step 5 contacts and step 9 introducers are full members with rights
 * intact; steps 15 and 23 name the registry's number of voting full members as entitled. The payload's shape was
 * checked before against the step's schema (STEP_FORMS, 400 naming the field).
 */
@Injectable()
export class AdmissionDecisionChecks implements DecisionCheckHook {
  readonly procedure = 'admission' as const;

  constructor(
    private readonly reader: CaseReader,
    private readonly registry: AdmissionRegistryChecks,
    private readonly audit: AuditRepository,
    private readonly workingDays: WorkingDayRepository,
    private readonly access: RegistryAccess,
  ) {}

  async beforeDecision({ actor, caseId, step, body }: DecisionCheckContext): Promise<void> {
    const payload = body.payload;
    if (body.outcome !== 'submit' || !payload || !CHECKED_STEPS.has(step)) return;
    const state = await this.reader.read(caseId);
    const policy = getPolicy(state.policyVersion);
    // the organization's calendar date (China), as the workflow dates its steps
    const today = localDate(new Date().toISOString(), policy);
    if (step === 'E5') {
      // RULES §E step 5: 1–2 cultivation contacts (policy), each a full member with rights intact.
      refuse(checkCultivationContacts(payload.contactIds, policy));
      const ids = stringsOf(payload.contactIds);
      if (ids) {
        const statuses = await this.registry.statusesOn(ids, today);
        refuse(await this.access.withinScope(actor, checkFullMembersWithRights('contact', statuses), today));
      }
      return;
    }
    if (step === 'E9') {
      // RULES §E step 9: two consenting introducers, not the applicant, full members with rights intact, and (practice,
      // policy `introducerOneCandidateAtATime`) not introducing another candidate whose case is still open.
      const personId = String(state.data.personId ?? '');
      refuse(checkIntroducers(payload.introducers, personId, policy));
      const ids = (payload.introducers as { personId: string }[]).map((e) => e.personId);
      const statuses = await this.registry.statusesOn(ids, today);
      refuse(await this.access.withinScope(actor, checkFullMembersWithRights('introducer', statuses), today));
      // the other case names its applicant: withheld too when the introducer is outside the decider's scope
      const busy = checkIntroducersAvailable(await this.audit.openIntroducerEngagements(ids, caseId), policy);
      refuse(await this.access.withinScope(actor, busy, today));
      return;
    }
    // RULES §E steps 15 / 23: entitled = full members with voting rights of the branch on the meeting date.
    if (typeof payload.entitled !== 'number') return;
    // the meeting is today unless the payload names an earlier meeting date: a real calendar date, never a future one
    // (the workflow checks it against the case's earlier dates)
    refuse(checkStepDate(step, 'meetingDate', payload.meetingDate, today, null));
    const meetingDate = typeof payload.meetingDate === 'string' ? payload.meetingDate : today;
    const registryCount = await this.registry.votingFullMembers(state.orgId, meetingDate);
    refuse(checkEntitledVoters(step as 'E15' | 'E23', payload.entitled, registryCount, meetingDate));
    if (step === 'E15') refuse(await this.publicNotice(payload, meetingDate, today, policy));
  }

  /**
   * RULES §E step 13 (practice, H-9, adopted by the policy): the admission meeting comes after a public notice of 5
   * working days (statutory holidays and 调休 from the working-day calendar) or 7 days, started on
   * `publicNoticeStartDate`.
   */
  private async publicNotice(
    payload: Record<string, unknown>,
    meetingDate: string,
    today: string,
    policy: PolicyTable,
  ): Promise<RuleViolation | null> {
    if (!practiceTimerOn('publicNotice', policy)) return null;
    const start = payload.publicNoticeStartDate;
    const invalid = checkStepDate('E13', 'publicNoticeStartDate', start, today, null);
    if (invalid) return invalid;
    // a year the calendar does not know comes back as its violation (the E15 workflow validator checks the same)
    const calendar = workingDayCalendar(await this.workingDays.list());
    return checkPublicNotice(typeof start === 'string' ? start : null, meetingDate, policy, calendar);
  }
}
