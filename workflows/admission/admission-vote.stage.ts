import type { AdmissionRejection } from '../../libs/contracts';
import { probationEndDate, upperApprovalLimits } from '../../libs/domain';
import type { AdmissionCase, Dated } from './admission-case';
import { branchVote } from './branch-vote.step';
import { upperApproval } from './upper-approval.step';

/** Stage 4 (RULES §E steps 14–19): admission form, branch vote, upper talk and approval, probationary member. */
export async function admissionVoteStage(c: AdmissionCase): Promise<void> {
  await c.ask({
    step: 'E14',
    kind: 'input',
    title: `填写入党志愿书：${c.input.personName}`,
    titleEn: `Admission form: ${c.input.personName}`,
    assignedBodyId: c.org.orgId,
  });
  let approved: Dated | 'revote' | null;
  for (;;) {
    // RULES §E step 15: an inquorate meeting cannot vote — recorded and held again; only a vote that does not pass
    // rejects the candidate.
    let decision: Dated;
    for (;;) {
      const vote = await branchVote(c, 'E15', '支部大会讨论接收预备党员', 'Branch general meeting vote on admission');
      if (vote.result.passed) {
        decision = vote.decision;
        break;
      }
      if (vote.result.quorumMet) c.fail(vote.result.violation!.code as AdmissionRejection, vote.result.violation);
    }
    c.dates.admissionVote = decision.date; // the meeting date: probation starts here (RULES §E key dates)
    await c.ask({
      step: 'E16',
      kind: 'input',
      title: `上级党委派人谈话：${c.input.personName}`,
      titleEn: `Talk by the upper committee: ${c.input.personName}`,
      assignedBodyId: c.org.upperCommitteeId,
    });
    approved = await upperApproval(c, 'E17', c.dates.admissionVote, c.policy.admissionApprovalDeadline);
    if (approved !== 'revote') break;
    // RULES §E step 17 (never > 6 months) / step 15 (stale resolution): the branch votes again.
    await c.kernel.record('E17', 'resolution.expired', {
      detail: {
        voteDate: c.dates.admissionVote,
        hardLimit: upperApprovalLimits('E17', c.dates.admissionVote, c.policy).hardLimit,
        rule: 'RULES §E step 17',
      },
    });
  }
  if (!approved) c.fail('approvalRejected', null);
  c.dates.approval = approved.date;
  c.dates.probationEnd = probationEndDate(c.dates.admissionVote, c.policy);
  await c.milestone({
    personId: c.input.personId,
    orgId: c.org.orgId,
    milestone: 'probationary',
    date: c.dates.admissionVote,
  });
  c.probationaryOpen = true;
  await c.kernel.record('E18', 'admission.filed', {
    detail: { rule: 'RULES §E step 18', approval: c.dates.approval },
  });
  await c.kernel.record('E19', 'member.placed', {
    detail: { status: 'probationary', since: c.dates.admissionVote, probationEnd: c.dates.probationEnd },
  });
}
