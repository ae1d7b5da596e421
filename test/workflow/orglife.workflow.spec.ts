import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import {
  adjustOccurrenceUpdate,
  caseStateQuery,
  decideTaskUpdate,
  orgLifeQuery,
  recordOccurrenceUpdate,
  submitPlanUpdate,
  WORKFLOW_TYPES,
  workflowIds,
  type OrgLifeInput,
  type OrgLifeOccurrenceView,
  type OrgLifeView,
  type RecordOccurrenceArgs,
} from '../../libs/contracts';
import { DEMO_IDS, OrgLifeRepository, RegistryRepository } from '../../libs/db';
import {
  CURRENT_POLICY_VERSION,
  getPolicy,
  occurrenceKindInfo,
  orThrow,
  rosterAttendance,
  type AttendanceEntry,
  type OccurrenceKind,
} from '../../libs/domain';
import { refusal, waitForState, waitForTask } from './harness/case-polling';
import { actor, sleepUntil, startHarness, type Harness } from './harness/workflow-harness';

jest.setTimeout(600_000);

const policy = getPolicy();
const ORG = DEMO_IDS.orgs.budgetBranch;
const UPPER = DEMO_IDS.orgs.financeGeneralBranch;
const secretary = actor('u-sec-fin-budget', [{ role: 'submitter', at: ORG }]);
const committee = actor('u-br-budget-approver', [{ role: 'approver', at: ORG }]);
const upperApprover = actor('u-gb-approver', [{ role: 'approver', at: UPPER }]);
/** full member absent without reason from January: warned at 3 months, removed after 6 */
const LAPSING = 'p-fin-b03';
const SKIPPED = 'generalMeeting.2027.2';

describe('organizational life on the time-skipping server — RULES §F', () => {
  let h: Harness;
  const leftRunning: string[] = [];

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    for (const id of leftRunning) {
      await h.env.client.workflow
        .getHandle(id)
        .terminate('test done')
        .catch(() => undefined);
    }
    await h?.stop();
  });

  async function attendance(kind: OccurrenceKind, day: string): Promise<AttendanceEntry[]> {
    const registry = new RegistryRepository(h.database);
    const roster = await registry.rosterAsOf(ORG, day);
    const posts = await registry.postsOf(ORG, day);
    const postsBy: Record<string, AttendanceEntry['posts']> = {};
    for (const p of posts) (postsBy[p.personId] ??= []).push(p.post);
    const marks = roster
      .filter((m) => m.personId !== LAPSING)
      .filter((m) => occurrenceKindInfo(kind, policy).audience === 'members' || postsBy[m.personId])
      .map((m) => ({ personId: m.personId, status: 'present' as const }));
    return orThrow(rosterAttendance(kind, roster, postsBy, marks, policy));
  }

  function recordArgs(o: OrgLifeOccurrenceView, list: AttendanceEntry[]): RecordOccurrenceArgs {
    const isClass = occurrenceKindInfo(o.kind as OccurrenceKind, policy).isClass;
    return {
      actor: secretary,
      occurrenceId: o.occurrenceId,
      record: {
        recordId: `rec-${randomUUID()}`,
        heldOn: o.plannedDate,
        place: '第一会议室',
        topic: `${o.kind} ${o.plannedDate}`,
        presidedBy: 'p-fin-b04',
        minutes: '会议纪要',
        resolutions: o.kind === 'generalMeeting' ? [{ text: '通过季度工作安排', forVotes: 6 }] : [],
        teacherPersonId: isClass ? 'p-fin-b04' : null,
        teacherIsSecretary: isClass,
        hours: isClass ? 2 : null,
        guests: [],
        attendance: list.map((a) => ({
          personId: a.personId,
          membershipStatus: a.membershipStatus,
          status: a.status,
          reason: a.reason ?? null,
          posts: a.posts ?? [],
        })),
      },
    };
  }

  it("walks a branch's year: plan approved, occurrences recorded, one quarter missed, a member warned at 3 months and removed after 6, the plan rolled over", async () => {
    await sleepUntil(h, '2026-12-20');
    const input: OrgLifeInput = {
      orgId: ORG,
      orgPath: [ORG, UPPER, DEMO_IDS.orgs.financeOrganCommittee, DEMO_IDS.orgs.workCommittee],
      orgName: '预算处党支部',
      orgType: 'branch',
      hasCommittee: true,
      year: 2027,
      planFrom: null,
      upperBodyId: UPPER,
      startedBy: secretary.userId,
      policyVersion: CURRENT_POLICY_VERSION,
    };
    const wid = workflowIds.orgLife(ORG);
    leftRunning.push(wid);
    const handle: WorkflowHandle = await h.env.client.workflow.start(WORKFLOW_TYPES.orgLife, {
      taskQueue: h.taskQueue,
      workflowId: wid,
      args: [input],
    });
    let view: OrgLifeView = await handle.query(orgLifeQuery);
    const count = (kind: string) => view.occurrences.filter((o) => o.kind === kind).length;
    expect([count('committeeMeeting'), count('generalMeeting'), count('partyClass'), count('themeDay')]).toEqual([
      12, 4, 4, 12,
    ]);
    expect(view.occurrences).toHaveLength(49);

    // The secretary adjusts a date (a general meeting needs 3 days' notice: fine in December for February).
    const moved = await handle.executeUpdate(adjustOccurrenceUpdate, {
      args: [{ actor: secretary, occurrenceId: 'generalMeeting.2027.1', plannedDate: '2027-02-24' }],
    });
    expect(moved.noticeOn).toBe('2027-02-21');
    expect(
      await refusal(
        handle.executeUpdate(adjustOccurrenceUpdate, {
          args: [{ actor: secretary, occurrenceId: 'generalMeeting.2027.1', plannedDate: '2027-04-02' }],
        }),
      ),
    ).toBe('OCCURRENCE_OUTSIDE_PERIOD');
    expect(await refusal(handle.executeUpdate(submitPlanUpdate, { args: [{ actor: committee }] }))).toBe(
      'NOT_ORG_SECRETARY',
    );

    // The branch committee approves the plan (a kernel task); it is filed upward.
    const { approvalCaseId } = await handle.executeUpdate(submitPlanUpdate, { args: [{ actor: secretary }] });
    leftRunning.push(approvalCaseId);
    const approval = h.env.client.workflow.getHandle(approvalCaseId);
    const task = await waitForTask(approval, 'P1');
    await approval.executeUpdate(decideTaskUpdate, {
      args: [{ actor: committee, taskId: task.taskId, outcome: 'approve', comment: '同意' }],
    });
    for (let i = 0; i < 100 && view.planStatus !== 'approved'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      view = await handle.query(orgLifeQuery);
    }
    expect(view.planStatus).toBe('approved');

    // A general meeting without a quorum is refused with its numbers (5 of 8 entitled present is enough: 5 ≥ 5).
    const lapseCaseId = workflowIds.lapse(ORG, LAPSING);
    let talked = false;
    let removed = false;
    const plan = [...view.occurrences].sort((a, b) => (a.plannedDate < b.plannedDate ? -1 : 1));
    for (const o of plan) {
      await sleepUntil(h, o.plannedDate);
      const month = o.plannedDate.slice(0, 7);
      if (!talked && month >= '2027-04') {
        const lapse = h.env.client.workflow.getHandle(lapseCaseId);
        leftRunning.push(lapseCaseId);
        const talk = await waitForTask(lapse, 'L1', 60_000);
        expect(talk.title).toContain('3');
        await lapse.executeUpdate(decideTaskUpdate, {
          args: [{ actor: secretary, taskId: talk.taskId, outcome: 'submit', comment: '已谈话' }],
        });
        talked = true;
      }
      if (!removed && month >= '2027-07') {
        const lapse = h.env.client.workflow.getHandle(lapseCaseId);
        const vote = await waitForTask(lapse, 'L2', 60_000);
        expect(
          await refusal(
            lapse.executeUpdate(decideTaskUpdate, {
              args: [
                {
                  actor: secretary,
                  taskId: vote.taskId,
                  outcome: 'submit',
                  payload: { entitled: 8, present: 4, forVotes: 4 },
                },
              ],
            }),
          ),
        ).toBe('BRANCH_VOTE_QUORUM_NOT_MET');
        // the meeting was held: a date after today is refused (checkRecordedDate, RULES §F via §E step 15)
        expect(
          await refusal(
            lapse.executeUpdate(decideTaskUpdate, {
              args: [
                {
                  actor: secretary,
                  taskId: vote.taskId,
                  outcome: 'submit',
                  payload: { entitled: 8, present: 7, forVotes: 7, meetingDate: '2027-12-31' },
                },
              ],
            }),
          ),
        ).toBe('RECORDED_DATE_IN_FUTURE');
        await lapse.executeUpdate(decideTaskUpdate, {
          args: [
            {
              actor: secretary,
              taskId: vote.taskId,
              outcome: 'submit',
              payload: { entitled: 8, present: 7, forVotes: 7, meetingDate: o.plannedDate },
            },
          ],
        });
        const upper = await waitForTask(lapse, 'L3', 60_000);
        await lapse.executeUpdate(decideTaskUpdate, {
          args: [{ actor: upperApprover, taskId: upper.taskId, outcome: 'approve', comment: '同意除名' }],
        });
        const closed = await waitForState(lapse, (s) => s.status !== 'active', 60_000);
        expect(closed.status).toBe('completed');
        expect((closed.data.result as { outcome: string }).outcome).toBe('removed');
        expect(closed.data.removalVote).toMatchObject({ entitled: 8, passed: true, meetingDate: o.plannedDate });
        const roster = await new RegistryRepository(h.database).rosterAsOf(ORG, o.plannedDate);
        expect(roster.map((m) => m.personId)).not.toContain(LAPSING);
        removed = true;
      }
      if (o.occurrenceId === SKIPPED) continue;
      const list = await attendance(o.kind as OccurrenceKind, o.plannedDate);
      if (o.kind === 'secretaryPartyClass') {
        // 书记讲党课 (RULES §F): a committee member's class is not the secretary's, with or without the API's list
        const byMember = recordArgs(o, list);
        byMember.record = { ...byMember.record, teacherPersonId: 'p-fin-b05', teacherIsSecretary: true };
        expect(await refusal(handle.executeUpdate(recordOccurrenceUpdate, { args: [byMember] }))).toBe(
          'SECRETARY_CLASS_NOT_BY_SECRETARY',
        );
        byMember.record.secretaryPersonIds = ['p-fin-b04'];
        expect(await refusal(handle.executeUpdate(recordOccurrenceUpdate, { args: [byMember] }))).toBe(
          'SECRETARY_CLASS_NOT_BY_SECRETARY',
        );
      }
      if (o.occurrenceId === 'generalMeeting.2027.1') {
        const few = list.map((a, i) => (i < 6 ? { ...a, status: 'absent' as const } : a));
        expect(await refusal(handle.executeUpdate(recordOccurrenceUpdate, { args: [recordArgs(o, few)] }))).toBe(
          'MEETING_QUORUM_NOT_MET',
        );
      }
      const result = await handle.executeUpdate(recordOccurrenceUpdate, { args: [recordArgs(o, list)] });
      expect(result.status).toBe('held');
    }
    expect([talked, removed]).toEqual([true, true]);

    // The year ends: the skipped quarter is missed, the next year's plan runs in a new run of the same workflow.
    await sleepUntil(h, '2028-01-02');
    for (let i = 0; i < 100; i++) {
      view = await handle.query(orgLifeQuery).catch(() => view);
      if (view.year === 2028) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(view.year).toBe(2028);
    expect(view.planStatus).toBe('draft');
    const repo = new OrgLifeRepository(h.database);
    const last = (await repo.getPlan(ORG, 2027))!;
    expect(last.status).toBe('approved');
    const missed = last.occurrences.filter((o) => o.status === 'missed').map((o) => o.occurrenceId);
    expect(missed).toEqual([SKIPPED]);
    expect(last.occurrences.filter((o) => o.status === 'held')).toHaveLength(48);
    expect((await repo.trainingHours(['p-fin-b01'], 2027)).get('p-fin-b01')).toBe(10);
    // the secretary's own class is recorded as counting for the ≥ 1 a year (the workflow's classCountsForSecretary)
    const classes = (await repo.listRecords(ORG, 2027)).filter((r) => r.kind === 'secretaryPartyClass');
    expect(classes.map((r) => [r.teacherPersonId, r.teacherIsSecretary])).toEqual([['p-fin-b04', true]]);
    expect((await repo.getPlan(ORG, 2028))?.occurrences.length).toBe(49);
    const state = await h.env.client.workflow.getHandle(approvalCaseId).query(caseStateQuery);
    expect(state.status).toBe('completed');
  });
});
