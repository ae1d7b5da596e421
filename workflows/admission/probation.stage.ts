import { assessmentDates, extendedProbationEnd, type BranchVoteResult } from '../../libs/domain';
import type { AdmissionCase, Dated } from './admission-case';
import { submitted } from './admission-payloads';
import { branchVote } from './branch-vote.step';
import { watchConversionResolution } from './compliance.watch';
import { sleepUntil, waitUntilDate } from './timers';
import { upperApproval } from './upper-approval.step';

/** Stage 5 (RULES §E steps 20–25): oath, probation until full membership, archive. */
export async function probationStage(c: AdmissionCase): Promise<'full'> {
  const oath = await c.ask({
    step: 'E20',
    kind: 'input',
    title: `入党宣誓：${c.input.personName}`,
    titleEn: `Oath: ${c.input.personName}`,
    assignedBodyId: c.org.orgId,
  });
  c.dates.oath = oath.date;
  // RULES H-9: the conversion meeting deadlines (1, at most 3 months) are practice, watched only when adopted
  const watch = c.practiceOn('conversionMeetingDeadline') ? watchConversionResolution(c) : Promise.resolve();
  try {
    await probation(c);
  } finally {
    c.probationOver = true;
    await watch;
  }
  const archive = await c.ask({
    step: 'E25',
    kind: 'input',
    title: `材料归档：${c.input.personName}`,
    titleEn: `Archive the file: ${c.input.personName}`,
    assignedBodyId: c.org.orgId,
  });
  c.dates.archived = archive.date;
  c.kernel.setStage('E25');
  return 'full';
}

/**
 * RULES §E steps 21–24 until full membership: an extension starts a new period (once); step 24 not approved goes
 * back to the step-23 vote; a cancellation ends the case.
 */
async function probation(c: AdmissionCase): Promise<void> {
  let extensions = 0;
  let assessedUntil = c.dates.admissionVote!;
  for (;;) {
    // RULES §E step 21: assessments every 6 months until the (possibly extended) probation end.
    for (const at of assessmentDates(assessedUntil, c.dates.probationEnd!, c.policy.activistAssessmentInterval)) {
      c.kernel.setStage('E21');
      await sleepUntil(c, at);
      await c.ask({
        step: 'E21',
        kind: 'input',
        title: `预备党员考察：${c.input.personName}`,
        titleEn: `Probationary member assessment: ${c.input.personName}`,
        assignedBodyId: c.org.orgId,
      });
      assessedUntil = at;
    }
    // RULES §E steps 21–22: the application is due at the probation end, later by a postponement granted on
    // transfer (re-read while waiting: a transfer may postpone it meanwhile).
    c.kernel.setStage('E22');
    await waitUntilDate(c, () => c.discussionFrom()!);
    const application = await c.ask({
      step: 'E22',
      kind: 'input',
      title: `转正申请：${c.input.personName}`,
      titleEn: `Application for full membership: ${c.input.personName}`,
      assignedBodyId: c.org.orgId,
      assigneeUserIds: [],
    });
    c.dates.fullMembershipApplication = application.date;
    let decision: Dated;
    let resolution: 'full' | 'extend' | 'cancel';
    let vote: { decision: Dated; result: BranchVoteResult };
    for (;;) {
      // RULES §E step 23: same vote rules as step 15; a vote without a resolution is discussed again (H-22).
      await waitUntilDate(c, () => c.discussionFrom()!);
      do {
        vote = await branchVote(
          c,
          'E23',
          '支部大会讨论转正',
          'Branch general meeting vote on full membership',
          extensions,
        );
      } while (!vote.result.passed);
      c.dates.conversionVote = vote.decision.date;
      c.resolvedFor = c.dates.probationEnd!;
      resolution = submitted('admission:E23', vote.decision.payload).resolution;
      const approved = await upperApproval(c, 'E24', c.dates.conversionVote, c.policy.conversionApprovalDeadline);
      if (approved && approved !== 'revote') {
        decision = approved;
        break;
      }
      // Not approved → the branch discusses again (step 23) at the same probation end; the period counts as
      // undecided again, so the resolution flags can be raised for it.
      c.resolvedFor = null;
      await c.kernel.record('E24', 'resolution.notApproved', { detail: { resolution, rule: 'RULES §E step 24' } });
    }
    c.dates.conversionApproval = decision.date;
    if (resolution === 'extend') {
      extensions += 1;
      // Number(): decisions recorded before the schema may carry the months as a numeric string
      const months = Number(submitted('admission:E23', vote.decision.payload).extensionMonths);
      const previousEnd = c.dates.probationEnd!;
      c.dates.probationEnd = extendedProbationEnd(previousEnd, months, c.policy);
      c.postponedMonths = 0; // a postponement granted on transfer applied to the period that ended
      assessedUntil = previousEnd;
      await c.kernel.record('E23', 'probation.extended', {
        detail: { months, previousEnd, probationEnd: c.dates.probationEnd, rule: 'RULES §E step 23' },
      });
      continue;
    }
    if (resolution === 'cancel') {
      await c.milestone({
        personId: c.input.personId,
        orgId: c.org.orgId,
        milestone: 'probationCancelled',
        date: c.dates.conversionApproval,
      });
      c.probationaryOpen = false;
      c.fail('probationCancelled', null, vote.decision.comment);
    }
    // 党龄 counts from the end of the (extended) probation, not from the approval date (RULES §E outcome dates).
    c.dates.fullMember = c.dates.probationEnd!;
    await c.milestone({
      personId: c.input.personId,
      orgId: c.org.orgId,
      milestone: 'full',
      date: c.dates.fullMember,
    });
    c.probationaryOpen = false;
    await c.kernel.record('E24', 'member.full', { detail: { since: c.dates.fullMember, extensions } });
    return;
  }
}
