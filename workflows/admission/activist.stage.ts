import {
  activistEligibleFrom,
  checkCultivationContacts,
  compareInstants,
  nextAssessmentDate,
  thoughtReportDates,
} from '../../libs/domain';
import type { AdmissionCase } from './admission-case';
import { given, submitted } from './admission-payloads';
import { sleepUntil } from './timers';
import { periodNote } from './task-titles';

/** Stage 2 (RULES §E steps 3–5): activist selection, filing, contacts; cultivation (step 6) is `cultivate`. */
export async function activistStage(c: AdmissionCase): Promise<void> {
  for (;;) {
    // RULES §E step 3: the branch committee decides; not selected → stays an applicant (this case ends).
    const select = await c.approval(
      'E3',
      c.org.orgId,
      '支部委员会确定入党积极分子',
      'Branch committee selects activist',
    );
    if (select.outcome === 'reject') c.fail('notSelected', null, select.comment);
    if (select.outcome === 'return') continue;
    c.dates.activist = select.date;
    // RULES §E step 4: filing with the upper committee, which may object and send the case back to step 3.
    const filing = await c.approval(
      'E4',
      c.org.upperCommitteeId,
      '入党积极分子报上级党委备案',
      'Activist filing with the upper committee',
    );
    if (filing.outcome === 'reject') c.fail('activistFilingRejected', null, filing.comment);
    if (filing.outcome === 'return') continue;
    c.dates.activistFiled = filing.date;
    break;
  }
  c.kernel.setStage('E5');
  const contacts = await c.ask({
    step: 'E5',
    kind: 'input',
    title: `指定培养联系人：${c.input.personName}`,
    titleEn: `Assign cultivation contacts: ${c.input.personName}`,
    assignedBodyId: c.org.orgId,
    due: c.practiceDue('contactAssignDeadline'),
    validatePayload: (p) => checkCultivationContacts(submitted('admission:E5', p).contactIds, c.policy), // H-21
  });
  c.dates.contactsAssigned = contacts.date;
  c.kernel.data.contactIds = submitted('admission:E5', contacts.payload).contactIds;
}

/**
 * RULES §E step 6: assessment every 6 months on the workflow's own timers until a full year as activist has passed
 * (counted from the recorded step-3 date); an assessment may cancel activist status. Quarterly thought reports are
 * reminded on the same timers (a timeline entry at each report date before the next assessment).
 */
export async function cultivate(c: AdmissionCase): Promise<void> {
  const eligible = activistEligibleFrom(c.dates.activist!, c.policy);
  for (;;) {
    const last = c.lastAssessment;
    const next = nextAssessmentDate(last, c.policy.activistAssessmentInterval);
    c.kernel.setStage('E6');
    for (const due of thoughtReportDates(last, next, c.policy.activistReportInterval)) {
      await sleepUntil(c, due);
      await c.kernel.record('E6', 'thoughtReport.due', {
        detail: { dueDate: due, interval: c.policy.activistReportInterval, rule: 'RULES §E step 6' },
      });
    }
    await sleepUntil(c, next);
    const every = periodNote(c.policy.activistAssessmentInterval);
    const a = await c.ask({
      step: 'E6',
      kind: 'input',
      title: `入党积极分子考察${every.zh('', '每')}：${c.input.personName}`,
      titleEn: `Activist assessment${every.en('every')}: ${c.input.personName}`,
      assignedBodyId: c.org.orgId,
    });
    const assessment = given('admission:E6', a.payload);
    if (assessment.cancel === true) c.fail('activistCancelled', null, String(assessment.reason));
    c.lastAssessment = next;
    if (compareInstants(c.today(), eligible) >= 0) return;
  }
}
