import { Injectable } from '@nestjs/common';
import { RegistryRepository } from '../../../../libs/db';
import {
  checkEntitledVoters,
  checkRemovalMeetingDate,
  computeEntitledVoters,
  getPolicy,
  localDate,
} from '../../../../libs/domain';
import { refuse } from '../admission/refuse';
import { CaseReader } from '../cases/case-reader';
import type { DecisionCheckContext, DecisionCheckHook } from '../cases/decision-check.hook';

/**
 * The lapse case's removal vote (L2, RULES §F via §E step 15) checked against the registry before the decision reaches
 * the workflow, as admission steps 15 and 23 are: the meeting date is a recorded date (not after the organization's
 * today, not before the member was flagged), and `entitled` is the registry's number of full members with voting rights of the branch on that date
 * (checkEntitledVoters, 422 ENTITLED_COUNT_MISMATCH with both numbers). The workflow's validator checks the date and
 * the quorum again; the registry count is read here only.
 */
@Injectable()
export class LapseDecisionChecks implements DecisionCheckHook {
  readonly procedure = 'lapse' as const;

  constructor(
    private readonly reader: CaseReader,
    private readonly registry: RegistryRepository,
  ) {}

  async beforeDecision({ caseId, step, body }: DecisionCheckContext): Promise<void> {
    const payload = body.payload;
    if (step !== 'L2' || body.outcome !== 'submit' || !payload) return;
    const state = await this.reader.read(caseId);
    const policy = getPolicy(state.policyVersion);
    const today = localDate(new Date().toISOString(), policy);
    const flagged = state.timeline.find((e) => e.event === 'lapse.flagged');
    refuse(checkRemovalMeetingDate(payload.meetingDate, today, flagged && localDate(flagged.at, policy)));
    if (typeof payload.entitled !== 'number') return; // the step's schema names the missing field (400)
    const meetingDate = typeof payload.meetingDate === 'string' ? payload.meetingDate : today;
    const roster = await this.registry.rosterAsOf(state.orgId, meetingDate);
    const registryCount = computeEntitledVoters(roster, []).dueIds.length;
    refuse(checkEntitledVoters('L2', payload.entitled, registryCount, meetingDate));
  }
}
