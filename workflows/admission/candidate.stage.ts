import {
  checkActivistPeriod,
  checkIntensiveTraining,
  checkIntroducers,
  checkStepDate,
  checkTrainingDates,
  politicalReviewNotPassed,
  type RuleViolation,
} from '../../libs/domain';
import type { StepPayload } from '../../libs/contracts/step-forms.contract';
import { cultivate } from './activist.stage';
import type { AdmissionCase } from './admission-case';
import { given, submitted } from './admission-payloads';

/** Stage 3 (RULES §E steps 6–8) from `from` (the activist date, or the step-12 date after "found unqualified"). */
export async function candidateStage(c: AdmissionCase, from: string): Promise<void> {
  c.lastAssessment = from;
  for (;;) {
    await cultivate(c);
    // RULES §E step 7: only after a full year as activist, checked on the case's own dates.
    const period = checkActivistPeriod(c.dates.activist!, c.today(), c.policy);
    await c.kernel.record('E7', 'activistPeriod.checked', {
      outcome: period ? 'tooShort' : 'ok',
      detail: {
        activistDate: c.dates.activist,
        rule: 'RULES §E step 7',
        ...(period ? { violation: period } : {}),
      },
    });
    if (period) continue;
    const select = await c.approval(
      'E7',
      c.org.orgId,
      '支部委员会确定发展对象',
      'Branch committee selects development candidate',
    );
    if (select.outcome !== 'approve') continue; // not ready → continue cultivation (step 6)
    const filing = await c.approval(
      'E8',
      c.org.upperCommitteeId,
      '发展对象报上级党委备案',
      'Candidate filing with the upper committee',
    );
    if (filing.outcome !== 'approve') continue; // objection → back to step 6
    c.dates.candidate = filing.date; // practice: the date the filing is accepted
    return;
  }
}

/** Steps 9–11: introducers, political review (restricted, H-15), intensive training. */
export async function vetting(c: AdmissionCase): Promise<void> {
  await c.ask({
    step: 'E9',
    kind: 'input',
    title: `确定入党介绍人：${c.input.personName}`,
    titleEn: `Name two introducers: ${c.input.personName}`,
    assignedBodyId: c.org.orgId,
    validatePayload: (p) => checkIntroducers(submitted('admission:E9', p).introducers, c.input.personId, c.policy),
  });
  const review = await c.ask({
    step: 'E10',
    kind: 'input',
    title: `政治审查：${c.input.personName}`,
    titleEn: `Political review: ${c.input.personName}`,
    assignedBodyId: c.org.orgId,
    due: c.practiceDue('politicalReviewDeadline'),
    restricted: true, // H-15: the comment is not projected to the inbox
  });
  c.dates.politicalReview = review.date;
  if (submitted('admission:E10', review.payload).conclusion === 'fail') {
    const v = politicalReviewNotPassed(); // neutral: the reviewer's text stays in the restricted step-10 record
    c.fail('politicalReviewFailed', v, v.message);
  }
  const training = await c.ask({
    step: 'E11',
    kind: 'input',
    title: `集中培训：${c.input.personName}`,
    titleEn: `Intensive training: ${c.input.personName}`,
    assignedBodyId: c.org.orgId,
    validatePayload: (p) => {
      const training = given('admission:E11', p);
      return (
        checkIntensiveTraining({ days: training.days, hours: training.hours }, c.policy) ??
        checkTrainingStart(c, training)
      );
    },
  });
  c.dates.training = training.date;
}

/** Step 11's optional `trainingStartDate` (a real date: the schema's): after the case's last date, not after the end. */
function checkTrainingStart(c: AdmissionCase, p: Partial<StepPayload<'admission:E11'>>): RuleViolation | null {
  if (p.trainingStartDate === undefined) return null;
  const v = checkStepDate('E11', 'trainingStartDate', p.trainingStartDate, c.today(), c.lastRecorded());
  return v ?? checkTrainingDates(p.trainingStartDate, p.trainingEndDate ?? c.today());
}
