import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import type { Candidate, ElectionMeetingCaseData } from '../../../libs/contracts';
import { electionMeetingWorkflow } from '../../election/election-meeting.workflow';
import type { ElectionResult } from '../../election/election-types';
import type { CaseKernel } from '../../kernel/case-kernel';

export interface MeetingStepSpec {
  step: string;
  workflowId: string;
  orgId: string;
  orgPath: string[];
  seats: number;
  hasCommittee: boolean;
  electOfficers: boolean;
  candidates: Candidate[];
  rosterPersonIds: string[];
  clerkUserIds: string[];
  policyVersion: string;
  mode: 'full' | 'officersOnly';
  committee: string[];
  minCommitteeSize?: number;
  /** check the seats again on the meeting date's roster for this type (RULES §B.1; `meeting-date-seats` patch) */
  seatsRuleOrgType?: string;
}

/**
 * Runs one election meeting as a child workflow (RULES §D.3–D.6) and writes its meetings and rounds to the case
 * timeline. The API routes meeting updates to `state.data.electionWorkflowId`. The child ends with the case.
 */
export async function runMeetingStep(
  kernel: CaseKernel<ElectionMeetingCaseData>,
  spec: MeetingStepSpec,
): Promise<ElectionResult> {
  kernel.setStage(spec.step);
  await kernel.record(spec.step, 'election.started', {
    detail: { mode: spec.mode, seats: spec.seats, workflowId: spec.workflowId, electOfficers: spec.electOfficers },
  });
  const child = await startChild(electionMeetingWorkflow, {
    workflowId: spec.workflowId,
    parentClosePolicy: ParentClosePolicy.TERMINATE,
    args: [
      {
        parentCaseId: kernel.state.caseId,
        orgId: spec.orgId,
        orgPath: spec.orgPath,
        seats: spec.mode === 'full' ? spec.seats : 0,
        hasCommittee: spec.hasCommittee,
        electOfficers: spec.electOfficers,
        candidates: spec.candidates,
        rosterPersonIds: spec.rosterPersonIds,
        rosterOrgId: spec.orgId,
        ...(spec.seatsRuleOrgType !== undefined ? { seatsRuleOrgType: spec.seatsRuleOrgType } : {}),
        minCommitteeSize: spec.minCommitteeSize,
        clerkUserIds: spec.clerkUserIds,
        policyVersion: spec.policyVersion,
        mode: spec.mode,
        committee: spec.committee,
      },
    ],
  });
  kernel.data.electionWorkflowId = child.workflowId;
  const result = await kernel.waitFor(child.result());
  kernel.data.election = result;
  for (const meeting of result.meetings) {
    await kernel.record(spec.step, 'election.meeting', {
      outcome: meeting.quorumMet ? 'quorum' : 'noQuorum',
      comment: meeting.explanation,
      detail: {
        meetingNo: meeting.meetingNo,
        body: meeting.body,
        meetingDate: meeting.meetingDate,
        due: meeting.due,
        present: meeting.present,
        required: meeting.required,
      },
    });
  }
  for (const round of result.rounds) {
    await kernel.record(spec.step, 'election.round', {
      outcome: round.tally?.void ? 'void' : 'counted',
      comment: round.tally?.explanation.join('；') ?? null,
      detail: { roundId: round.roundId, kind: round.kind, elected: round.tally?.elected ?? [] },
    });
  }
  await kernel.record(spec.step, result.status === 'elected' ? 'election.elected' : 'election.failed', {
    comment: result.failureReason,
    detail: { committee: result.committee, secretaryId: result.secretaryId, deputyId: result.deputyId },
  });
  return result;
}

/** The last general meeting that met quorum: its date is the election date (RULES H-7 'election' policy). */
export function electionDate(result: ElectionResult): string | null {
  return result.meetings.filter((m) => m.quorumMet && m.body === 'generalMeeting').at(-1)?.meetingDate ?? null;
}

/** Registry posts of an elected committee: secretary, deputy, the others as members (RULES §B.1, §D.6). */
export function postsOf(
  committee: string[],
  secretaryId: string | null,
  deputyId: string | null,
): { personId: string; post: 'secretary' | 'deputySecretary' | 'committeeMember' }[] {
  return [
    ...(secretaryId ? [{ personId: secretaryId, post: 'secretary' as const }] : []),
    ...(deputyId ? [{ personId: deputyId, post: 'deputySecretary' as const }] : []),
    ...committee
      .filter((id) => id !== secretaryId && id !== deputyId)
      .map((personId) => ({ personId, post: 'committeeMember' as const })),
  ];
}
