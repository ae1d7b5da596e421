import { checkApplicantAge, checkTalkDeadline, talkDueDate } from '../../libs/domain';
import type { AdmissionCase } from './admission-case';
import { raiseFlag, watchDeadline } from './compliance.watch';
import { periodNote } from './task-titles';

/** Stage 1 (RULES §E steps 1–2): the application registered, then the talk. */
export async function applicationStage(c: AdmissionCase): Promise<void> {
  c.dates.application = c.input.applicationDate;
  c.stepDates.push({ step: 'E1', date: c.input.applicationDate });
  const age = checkApplicantAge(c.input.birthDate, c.input.applicationDate, c.policy); // RULES §E step 1
  await c.kernel.record('E1', 'application.registered', {
    actorId: c.input.submittedBy,
    outcome: age ? 'refused' : 'registered',
    detail: {
      applicationDate: c.input.applicationDate,
      rule: 'RULES §E step 1',
      ...(age ? { violation: age } : {}),
    },
  });
  if (age) c.fail('APPLICANT_UNDER_AGE', age);

  // RULES §E step 2: talk within one month; the kernel reminds and escalates (overdue) on the policy deadline. The
  // month counts from the application's receipt: missing it raises the talkOverdue flag.
  let talked = false;
  const watch = watchDeadline(
    c,
    () => talked,
    talkDueDate(c.input.applicationDate, c.policy),
    async () => {
      const v = checkTalkDeadline(c.input.applicationDate, c.today(), c.policy);
      if (v) await raiseFlag(c, 'talkOverdue', 'E2', v);
    },
  );
  try {
    const within = periodNote(c.policy.applicationTalkDeadline);
    const talk = await c.ask({
      step: 'E2',
      kind: 'input',
      title: `派人谈话${within.zh('内')}：${c.input.personName}`,
      titleEn: `Talk with the applicant${within.en('within')}: ${c.input.personName}`,
      assignedBodyId: c.org.orgId,
      due: c.policy.applicationTalkDeadline,
    });
    c.dates.talk = talk.date;
  } finally {
    talked = true;
    await watch;
  }
}
