import { setHandler } from '@temporalio/workflow';
import { transferAdmissionUpdate } from '../../libs/contracts/messages.contract';
import type { AdmissionTransferArgs, AdmissionTransferRecord, AdmissionTransferResult } from '../../libs/contracts';
import {
  checkTransferActor,
  checkTransferDate,
  checkTransferNotLate,
  checkTransferPostponement,
  checkTransferStage,
  checkTransferTarget,
  transferPhase,
} from '../../libs/domain';
import { throwIfViolated } from '../kernel/rule-failure';
import { unstorableInput } from '../kernel/storable-input';
import type { AdmissionCase, CaseOrg } from './admission-case';

/** The transfer update (RULES §E step 21, H-12); a handler added for running cases too. */
export function installTransferUpdate(c: AdmissionCase): void {
  setHandler(transferAdmissionUpdate, (args) => transfer(c, args), {
    validator: (args) => {
      throwIfViolated(unstorableInput({ transfer: args.transfer }));
      validateTransfer(c, args);
    },
  });
}

function validateTransfer(c: AdmissionCase, { actor, transfer }: AdmissionTransferArgs): void {
  c.guardActive();
  throwIfViolated(checkTransferActor(actor, c.org.orgPath, c.org.upperCommitteeId));
  throwIfViolated(checkTransferStage(c.kernel.state.stage));
  throwIfViolated(checkTransferTarget(c.org.orgId, transfer.toOrgId));
  throwIfViolated(checkTransferDate(transfer.effectiveDate, c.lastRecorded()));
  throwIfViolated(
    checkTransferNotLate(
      transfer.effectiveDate,
      c.today(),
      transferPhase(c.kernel.state.stage)!,
      c.dates.probationEnd ?? null,
    ),
  );
  throwIfViolated(
    checkTransferPostponement(
      transfer.postponeMonths ?? 0,
      transferPhase(c.kernel.state.stage)!,
      c.postponedMonths,
      c.policy,
    ),
  );
}

/**
 * Moves the case to the receiving branch: its upper committee and party group take over; open tasks of the sending
 * bodies are reassigned in place; every date is kept (H-12). Answers once the inbox shows the moved tasks.
 */
async function transfer(
  c: AdmissionCase,
  { actor, transfer }: AdmissionTransferArgs,
): Promise<AdmissionTransferResult> {
  const stage = c.kernel.state.stage;
  const from = c.org;
  const to: CaseOrg = {
    orgId: transfer.toOrgId,
    orgPath: [...transfer.toOrgPath],
    upperCommitteeId: transfer.upperCommitteeId,
    partyGroupBodyId: transfer.partyGroupBodyId,
  };
  const bodyMap: Record<string, string> = { [from.orgId]: to.orgId, [from.upperCommitteeId]: to.upperCommitteeId };
  if (from.partyGroupBodyId && to.partyGroupBodyId) bodyMap[from.partyGroupBodyId] = to.partyGroupBodyId;
  c.org = to;
  c.kernel.data.bodies = c.bodies();
  const phase = transferPhase(stage)!;
  const postponeMonths = transfer.postponeMonths ?? 0;
  c.postponedMonths += postponeMonths;
  const movedTaskIds = c.kernel.relocate({ orgId: to.orgId, orgPath: to.orgPath }, bodyMap);
  const record: AdmissionTransferRecord = {
    fromOrgId: from.orgId,
    toOrgId: to.orgId,
    fromUpperCommitteeId: from.upperCommitteeId,
    toUpperCommitteeId: to.upperCommitteeId,
    effectiveDate: transfer.effectiveDate,
    phase,
    postponeMonths,
    reason: transfer.reason,
    documentNo: transfer.documentNo ?? null,
    actorId: actor.userId,
    stage,
    movedTaskIds,
  };
  c.transfers.push(record);
  const discussionFrom = c.discussionFrom();
  await c.kernel.record(stage, 'admission.transferred', {
    actorId: actor.userId,
    comment: transfer.reason,
    detail: {
      ...record,
      rule: 'RULES §E step 21',
      activistDate: c.dates.activist ?? null,
      admissionVote: c.dates.admissionVote ?? null,
      probationEnd: c.dates.probationEnd ?? null,
      discussionFrom,
    },
  });
  if (phase === 'probationary') {
    // The registry follows the member: probationary at the receiving branch from the effective date.
    await c.milestone({
      personId: c.input.personId,
      orgId: from.orgId,
      toOrgId: to.orgId,
      milestone: 'transferred',
      date: transfer.effectiveDate,
    });
  }
  await c.kernel.flush();
  return { caseId: c.kernel.state.caseId, orgId: to.orgId, stage, discussionFrom };
}
