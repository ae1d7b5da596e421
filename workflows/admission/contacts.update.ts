import { setHandler } from '@temporalio/workflow';
import { changeContactsUpdate } from '../../libs/contracts/messages.contract';
import type { AdmissionContactChangeArgs, AdmissionContactChangeRecord } from '../../libs/contracts';
import {
  checkContactChangeActor,
  checkContactChangeCap,
  checkContactChangeStage,
  checkContactsChanged,
  checkCultivationContacts,
  checkStepDate,
} from '../../libs/domain';
import { throwIfViolated } from '../kernel/rule-failure';
import { unstorableInput } from '../kernel/storable-input';
import type { AdmissionCase } from './admission-case';

// Cultivation contacts (RULES §E step 5: contact leaves → reassign).

/** The change-of-contacts update: added for running cases too (cases that never receive it replay unchanged). */
export function installContactChangeUpdate(c: AdmissionCase): void {
  setHandler(changeContactsUpdate, (args) => changeContacts(c, args), {
    validator: (args) => {
      throwIfViolated(unstorableInput({ change: args }));
      validateContactChange(c, args);
    },
  });
}

function contactIds(c: AdmissionCase): string[] {
  return c.kernel.data.contactIds ?? [];
}

function validateContactChange(c: AdmissionCase, { actor, change }: AdmissionContactChangeArgs): void {
  c.guardActive();
  throwIfViolated(checkContactChangeActor(actor, c.org.orgPath));
  throwIfViolated(checkContactChangeStage(c.kernel.state.stage, contactIds(c).length > 0));
  throwIfViolated(checkCultivationContacts(change.contactIds, c.policy)); // H-21
  throwIfViolated(checkContactsChanged(contactIds(c), change.contactIds));
  throwIfViolated(checkContactChangeCap(c.contactChanges.length, c.policy)); // issue 8 §2
  // checkStepDate answers a malformed date itself (STEP_DATE_INVALID), it does not throw
  throwIfViolated(checkStepDate('E5', 'effectiveDate', change.effectiveDate, c.today(), c.lastRecorded()));
}

/** The new contacts replace the old ones; the change is kept on the case and in the step-5 record. */
async function changeContacts(
  c: AdmissionCase,
  { actor, change }: AdmissionContactChangeArgs,
): Promise<AdmissionContactChangeRecord> {
  const record: AdmissionContactChangeRecord = {
    fromContactIds: contactIds(c),
    toContactIds: [...change.contactIds],
    effectiveDate: change.effectiveDate ?? c.today(),
    reason: change.reason,
    actorId: actor.userId,
    stage: c.kernel.state.stage,
  };
  c.contactChanges.push(record);
  c.kernel.data.contactIds = record.toContactIds;
  await c.kernel.record('E5', 'contacts.changed', {
    actorId: actor.userId,
    comment: change.reason,
    detail: { ...record, rule: 'RULES §E step 5' },
  });
  await c.kernel.flush();
  return record;
}
