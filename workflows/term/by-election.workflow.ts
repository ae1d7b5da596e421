import { workflowInfo } from '@temporalio/workflow';
import type {
  AppointmentCaseData,
  ByElectionCaseData,
  ByElectionInput,
  CandidateList,
  CaseState,
} from '../../libs/contracts';
import { candidateListSchema } from '../kernel/lazy-contracts';
import { byElectionSeats, localToday, vacancyDueDate, type Duration, type RosterEntry } from '../../libs/domain';
import { acts } from '../kernel/activity-proxies';
import { CaseKernel, type TaskDecision } from '../kernel/case-kernel';
import { ruleFailure } from '../kernel/rule-failure';
import { postsOf, runMeetingStep } from './election/meeting.step';
import { byElectionSlateValidator, formalReplyValidator, replyOf } from './election/term-payloads.validator';

/**
 * 补选 — by-election for committee vacancies (RULES §B.4, §D.8): the vacated posts end in the registry, then B1 the
 * slate (等额 by default, policy byElectionMode), B2 party group, B3 organs work committee approves the slate, B4 the
 * general meeting (child; the new committee member(s) then elect a vacant secretary or deputy), B5 the formal reply,
 * and the posts are filled from the reply date until the current term ends.
 */
export async function byElectionWorkflow(input: ByElectionInput): Promise<CaseState> {
  if (input.appointment) return appointmentCase(input, input.appointment);
  const kernel = new CaseKernel<ByElectionCaseData>({
    caseId: workflowInfo().workflowId,
    procedure: 'byElection',
    orgId: input.orgId,
    orgPath: input.orgPath,
    title: `${input.orgName}补选委员`,
    submittedBy: input.submittedBy,
    submittedAt: input.submittedAt,
    policyVersion: input.policyVersion,
    stage: 'B1',
  });
  const policy = kernel.policy;
  const { seats, electOfficers } = seatsOf(input);
  kernel.data.vacancies = input.vacancies;
  kernel.data.seats = seats;

  // Vacancy clock (RULES §B.4 local rule, off unless the policy adopts it): every step is due by the fill deadline.
  const fillBy = input.vacancies
    .map((v) => vacancyDueDate(v.occurredOn, policy))
    .filter((d): d is string => d !== null)
    .sort()[0];
  kernel.data.fillBy = fillBy ?? null;
  const due = (): Duration | null => (fillBy ? untilDate(fillBy) : null);

  return kernel.run(async () => {
    await acts.endPosts({
      orgId: input.orgId,
      vacancies: input.vacancies.map((v) => ({ ...v })),
    });
    await kernel.record('B1', 'posts.vacated', { detail: { vacancies: input.vacancies, seats, electOfficers } });
    // The sitting members stay on the committee and, with the newly elected, elect a vacant secretary or deputy.
    const today = localToday(new Date().toISOString(), policy);
    const vacated = new Set(input.vacancies.map((v) => v.personId));
    const sitting = [
      ...new Set(
        (await acts.loadCommitteePosts({ orgId: input.orgId, asOfDate: today }))
          .map((p) => p.personId)
          .filter((id) => !vacated.has(id)),
      ),
    ];

    let runs = 0;
    let returned: string | null = null;
    for (;;) {
      const { list, roster } = await approvedSlate(kernel, input, seats, returned, due);
      runs += 1;
      const result = await runMeetingStep(kernel, {
        step: 'B4',
        workflowId: `${kernel.state.caseId}:meeting:${runs}`,
        orgId: input.orgId,
        orgPath: input.orgPath,
        seats,
        hasCommittee: true,
        electOfficers,
        candidates: list.candidates,
        rosterPersonIds: roster,
        clerkUserIds: [input.submittedBy],
        policyVersion: input.policyVersion,
        mode: 'full',
        committee: sitting,
      });
      if (result.status !== 'elected') {
        returned = `补选未能完成：${result.failureReason ?? ''}`;
        continue;
      }
      // B5 — written result → the organs work committee's formal reply (RULES §D.8 step 5).
      const posts = postsOf(result.committee, result.secretaryId, result.deputyId);
      kernel.data.elected = posts;
      const reply = await kernel.ask({
        step: 'B5',
        kind: 'approval',
        title: `机关工委批复补选结果：${input.orgName}`,
        titleEn: `Organs work committee's formal reply on the by-election: ${input.orgName}`,
        assignedBodyId: input.workCommitteeBodyId,
        due: due() ?? policy.formalReplyDeadline,
        validatePayload: formalReplyValidator,
      });
      if (reply.outcome === 'reject') kernel.reject(reply.comment ?? '机关工委不予批复');
      if (reply.outcome === 'return') {
        returned = reply.comment;
        continue;
      }
      const formal = replyOf(reply, policy);
      // RULES §B.4 (practice, H-7): a by-elected member serves from the reply until the current term ends.
      await acts.fillPosts({ orgId: input.orgId, since: formal.effectiveDate, posts });
      await kernel.record('B5', 'posts.filled', {
        detail: { since: formal.effectiveDate, until: input.termEnd, replyNo: formal.replyNo, posts },
      });
      kernel.data.formalReply = formal;
      return { ...formal, posts, termEnd: input.termEnd };
    }
  });
}

/** B1–B3: the slate, the party group, the organs work committee (RULES §D.8 steps 2–3); a return goes back to B1. */
async function approvedSlate(
  kernel: CaseKernel<ByElectionCaseData>,
  input: ByElectionInput,
  seats: number,
  firstComment: string | null,
  due: () => Duration | null,
): Promise<{ list: CandidateList; roster: string[] }> {
  let returned = firstComment;
  for (;;) {
    const today = localToday(new Date().toISOString(), kernel.policy);
    const roster: RosterEntry[] = await acts.loadOrgRoster({ orgId: input.orgId, asOfDate: today });
    const slate: TaskDecision = await kernel.ask({
      step: 'B1',
      kind: 'input',
      title: `补选候选人名单（应选${seats}名）：${input.orgName}`,
      titleEn: `By-election slate for ${seats} seat(s)${returned ? ` — returned: ${returned}` : ''}`,
      assignedBodyId: input.orgId,
      assigneeUserIds: [input.submittedBy],
      due: due(),
      validatePayload: byElectionSlateValidator(
        seats,
        roster,
        kernel.policy,
        input.orgType
          ? {
              orgType: input.orgType,
              committeeMemberSeats: input.vacancies.filter((v) => v.post === 'committeeMember').length,
            }
          : undefined,
      ),
    });
    const list = candidateListSchema.parse(slate.payload ?? {});
    kernel.data.candidateList = list;
    const partyGroup = await kernel.ask({
      step: 'B2',
      kind: 'approval',
      title: `党组研究补选请示：${input.orgName}`,
      titleEn: `Party group decision on the by-election request: ${input.orgName}`,
      assignedBodyId: input.partyGroupBodyId,
      due: due() ?? kernel.policy.partyGroupDecisionDeadline,
    });
    if (partyGroup.outcome === 'reject') kernel.reject(partyGroup.comment ?? '党组不同意补选');
    if (partyGroup.outcome === 'return') {
      returned = partyGroup.comment;
      continue;
    }
    const committee = await kernel.ask({
      step: 'B3',
      kind: 'approval',
      title: `机关工委批复补选请示及候选人：${input.orgName}`,
      titleEn: `Organs work committee approves the by-election slate: ${input.orgName}`,
      assignedBodyId: input.workCommitteeBodyId,
      due: due() ?? kernel.policy.newBranchReplyDeadline,
    });
    if (committee.outcome === 'reject') kernel.reject(committee.comment ?? '机关工委不同意补选');
    if (committee.outcome === 'return') {
      returned = committee.comment;
      continue;
    }
    return { list, roster: roster.map((r) => r.personId) };
  }
}

/** The time left until a calendar date (start of day, UTC), at least one minute, as a task deadline. */
function untilDate(isoDate: string): Duration {
  const ms = Date.parse(`${isoDate}T00:00:00.000Z`) - Date.now();
  return { minutes: Math.max(1, Math.floor(ms / 60_000)) };
}

/** Seats and officer vote from the vacancies; a malformed input fails the workflow with the rule, not a retry loop. */
function seatsOf(input: ByElectionInput): { seats: number; electOfficers: boolean } {
  const seats = byElectionSeats(input.vacancies);
  if (!seats.ok) throw ruleFailure(seats.violation);
  return seats.value;
}

/**
 * 指派 — the upper organization appoints a secretary or deputy instead of a by-election (RULES §B.4, §D.8 item 6),
 * recorded with its reason and document: the vacated post ends, the organs work committee's formal reply (A1)
 * approves, and the appointee holds the post from the reply until the current term ends.
 */
async function appointmentCase(input: ByElectionInput, appointment: NonNullable<ByElectionInput['appointment']>) {
  const postZh = appointment.post === 'secretary' ? '书记' : '副书记';
  const kernel = new CaseKernel<AppointmentCaseData>({
    caseId: workflowInfo().workflowId,
    procedure: 'byElection',
    orgId: input.orgId,
    orgPath: input.orgPath,
    title: `${input.orgName}指派${postZh}`,
    submittedBy: input.submittedBy,
    submittedAt: input.submittedAt,
    policyVersion: input.policyVersion,
    stage: 'A1',
  });
  kernel.data.appointment = appointment;
  return kernel.run(async () => {
    if (input.vacancies.length > 0) {
      await acts.endPosts({ orgId: input.orgId, vacancies: input.vacancies.map((v) => ({ ...v })) });
    }
    await kernel.record('A1', 'appointment.requested', {
      actorId: input.submittedBy,
      comment: appointment.reason,
      detail: { ...appointment, vacancies: input.vacancies },
    });
    const reply = await kernel.ask({
      step: 'A1',
      kind: 'approval',
      title: `机关工委批复指派${postZh}：${input.orgName}`,
      titleEn: `Organs work committee's reply on appointing the ${appointment.post}: ${input.orgName}`,
      assignedBodyId: input.workCommitteeBodyId,
      due: kernel.policy.formalReplyDeadline,
      validatePayload: formalReplyValidator,
    });
    if (reply.outcome !== 'approve') kernel.reject(reply.comment ?? '机关工委不同意指派');
    const formal = replyOf(reply, kernel.policy);
    const posts = [{ personId: appointment.personId, post: appointment.post }];
    await acts.fillPosts({ orgId: input.orgId, since: formal.effectiveDate, posts });
    await kernel.record('A1', 'posts.filled', {
      detail: { since: formal.effectiveDate, until: input.termEnd, replyNo: formal.replyNo, posts, appointed: true },
    });
    kernel.data.formalReply = formal;
    return { ...formal, posts, termEnd: input.termEnd, appointed: true };
  });
}
