import { eq } from 'drizzle-orm';
import type { WorkflowUpdateFailedError } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import {
  caseStateQuery,
  decideTaskUpdate,
  withdrawCaseUpdate,
  cancelCaseUpdate,
  type CaseState,
} from '../../libs/contracts';
import { auditEvents, organizations, tasks } from '../../libs/db';
import { waitForState, waitForTask, refusal } from './harness/case-polling';
import {
  actor,
  establishmentRequest,
  startEstablishment,
  startHarness,
  type Harness,
  skip,
} from './harness/workflow-harness';

jest.setTimeout(120_000);

const clerk = actor('u-clerk', [{ role: 'submitter', at: 'org-wc' }]);
const partyGroup = actor('u-pg-edu', [{ role: 'approver', at: 'pg-edu' }]);
const workCommittee = actor('u-wc-approver', [{ role: 'approver', at: 'org-wc' }]);
const outsider = actor('u-oc-approver', [{ role: 'approver', at: 'org-fin-oc' }]);
const admin = actor('u-admin', [{ role: 'admin', at: 'org-wc' }], ['org-wc']);

describe('establishment workflow on the time-skipping server', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  async function throughC4(handle: Awaited<ReturnType<typeof startEstablishment>>['handle']) {
    const c2 = await waitForTask(handle, 'C2');
    await handle.executeUpdate(decideTaskUpdate, {
      args: [{ actor: partyGroup, taskId: c2.taskId, outcome: 'approve' }],
    });
    const c4 = await waitForTask(handle, 'C4');
    await handle.executeUpdate(decideTaskUpdate, {
      args: [
        {
          actor: clerk,
          taskId: c4.taskId,
          outcome: 'submit',
          payload: { discussionDate: '2026-12-01', summary: '全体党员酝酿，同意候选人名单' },
        },
      ],
    });
    return waitForTask(handle, 'C5');
  }

  it('reminds before the one-month reply deadline of C5 and escalates after it, durably', async () => {
    const { handle } = await startEstablishment(h);
    const c5 = await throughC4(handle);
    expect(Date.parse(c5.dueAt!) - Date.parse(c5.createdAt)).toBeGreaterThanOrEqual(28 * 86_400_000);

    await skip(h, '25 days');
    let state = await waitForState(handle, (s) => s.timeline.some((e) => e.event === 'task.reminded'));
    expect(state.timeline.filter((e) => e.event === 'task.escalated')).toHaveLength(0);

    await skip(h, '8 days');
    state = await waitForState(handle, (s) => s.timeline.some((e) => e.event === 'task.escalated'));
    const escalation = state.timeline.find((e) => e.event === 'task.escalated')!;
    expect(escalation.step).toBe('C5');
    expect(escalation.detail).toMatchObject({ level: 1, fromBodyId: 'org-wc' });

    const [row] = await h.database.db.select().from(tasks).where(eq(tasks.taskId, c5.taskId));
    expect(row!.remindedAt).not.toBeNull();
    expect(row!.escalatedAt).not.toBeNull();

    // The approver can still decide after escalation; the case moves on to the founding election.
    const result = await handle.executeUpdate(decideTaskUpdate, {
      args: [{ actor: workCommittee, taskId: c5.taskId, outcome: 'approve', comment: '同意成立' }],
    });
    expect(result.stage).toBe('C6');
    await handle.executeUpdate(cancelCaseUpdate, { args: [{ actor: admin, reason: '测试结束' }] });
  });

  it('lets the submitter withdraw while the case waits, cancelling tasks and the proposed organization', async () => {
    const { handle, orgId } = await startEstablishment(h);
    const c2 = await waitForTask(handle, 'C2');
    expect(await refusal(handle.executeUpdate(withdrawCaseUpdate, { args: [{ actor: partyGroup }] }))).toBe(
      'NOT_SUBMITTER',
    );
    // rights follow the present (issue 8 §4): the submitter whose asserted roles of today hold nothing on the case's
    // path (left the organs committee) is refused by the validator as by the API
    const left = actor(clerk.userId, [{ role: 'submitter', at: 'org-fin-oc' }]);
    expect(await refusal(handle.executeUpdate(withdrawCaseUpdate, { args: [{ actor: left }] }))).toBe('ROLE_NOT_HELD');

    const res = await handle.executeUpdate(withdrawCaseUpdate, { args: [{ actor: clerk, reason: '机构调整' }] });
    expect(res.status).toBe('withdrawn');
    const final: CaseState = await handle.result();
    expect(final.status).toBe('withdrawn');
    expect(final.closeReason).toBe('机构调整');

    const [task] = await h.database.db.select().from(tasks).where(eq(tasks.taskId, c2.taskId));
    expect(task!.status).toBe('cancelled');
    const [org] = await h.database.db.select().from(organizations).where(eq(organizations.id, orgId));
    expect(org!.status).toBe('dissolved');
  });

  it('returns for revision with a comment, takes the revised request and goes through the party group again', async () => {
    const { handle } = await startEstablishment(h);
    const c2 = await waitForTask(handle, 'C2');
    expect(
      await refusal(
        handle.executeUpdate(decideTaskUpdate, { args: [{ actor: partyGroup, taskId: c2.taskId, outcome: 'return' }] }),
      ),
    ).toBe('COMMENT_REQUIRED');
    await handle.executeUpdate(decideTaskUpdate, {
      args: [{ actor: partyGroup, taskId: c2.taskId, outcome: 'return', comment: '请补充法规依据' }],
    });
    const c3 = await waitForTask(handle, 'C3');
    expect(c3.assigneeUserIds).toEqual(['u-clerk']);

    // A revision that breaks the surplus rule is refused by the validator with the rule and numbers.
    const badSlate = establishmentRequest({ slate: establishmentRequest().slate.slice(0, 3) });
    expect(
      await refusal(
        handle.executeUpdate(decideTaskUpdate, {
          args: [{ actor: clerk, taskId: c3.taskId, outcome: 'submit', payload: { request: badSlate } }],
        }),
      ),
    ).toBe('SLATE_SURPLUS');
    // Moving the case in the tree is refused with the API's code and status (422 REVISION_FIXED_FIELD, RULES §C.1 C3).
    const moved = establishmentRequest({ parentOrgId: 'org-fin-oc' });
    const fixed = await handle
      .executeUpdate(decideTaskUpdate, {
        args: [{ actor: clerk, taskId: c3.taskId, outcome: 'submit', payload: { request: moved } }],
      })
      .then(
        () => null,
        (e: WorkflowUpdateFailedError) => e.cause as ApplicationFailure,
      );
    expect(fixed).toMatchObject({
      type: 'REVISION_FIXED_FIELD',
      details: [{ kind: 'rule', rule: 'RULES §C.1 (C3)', numbers: { field: 'parentOrgId', was: 'org-edu-oc' } }],
    });

    const revised = establishmentRequest({ legalBasis: '机关条例2019第七条；支部条例' });
    await handle.executeUpdate(decideTaskUpdate, {
      args: [{ actor: clerk, taskId: c3.taskId, outcome: 'submit', payload: { request: revised } }],
    });
    const again = await waitForTask(handle, 'C2');
    expect(again.taskId).not.toBe(c2.taskId);
    const state = await handle.query(caseStateQuery);
    expect((state.data.request as { legalBasis: string }).legalBasis).toBe('机关条例2019第七条；支部条例');
    const decided = state.timeline.filter((e) => e.event === 'task.decided').map((e) => `${e.step}:${e.outcome}`);
    expect(decided).toEqual(['C2:return', 'C3:submit']);
    await handle.executeUpdate(withdrawCaseUpdate, { args: [{ actor: clerk }] });
  });

  it('refuses unauthorized and duplicate decisions in the update validator, and applies a retried update id once', async () => {
    const { handle } = await startEstablishment(h);
    const c2 = await waitForTask(handle, 'C2');
    expect(
      await refusal(
        handle.executeUpdate(decideTaskUpdate, { args: [{ actor: outsider, taskId: c2.taskId, outcome: 'approve' }] }),
      ),
    ).toBe('NOT_ASSIGNED');
    expect(
      await refusal(
        handle.executeUpdate(decideTaskUpdate, { args: [{ actor: clerk, taskId: c2.taskId, outcome: 'approve' }] }),
      ),
    ).toBe('NOT_ASSIGNED');
    expect(
      await refusal(
        handle.executeUpdate(decideTaskUpdate, { args: [{ actor: partyGroup, taskId: 'nope', outcome: 'approve' }] }),
      ),
    ).toBe('TASK_NOT_FOUND');

    const first = await handle.executeUpdate(decideTaskUpdate, {
      args: [{ actor: partyGroup, taskId: c2.taskId, outcome: 'approve' }],
      updateId: 'click-1',
    });
    const retried = await handle.executeUpdate(decideTaskUpdate, {
      args: [{ actor: partyGroup, taskId: c2.taskId, outcome: 'approve' }],
      updateId: 'click-1',
    });
    expect(retried).toEqual(first);
    expect(
      await refusal(
        handle.executeUpdate(decideTaskUpdate, {
          args: [{ actor: partyGroup, taskId: c2.taskId, outcome: 'reject', comment: '改主意' }],
          updateId: 'click-2',
        }),
      ),
    ).toBe('TASK_ALREADY_DECIDED');

    const state = await handle.query(caseStateQuery);
    expect(state.timeline.filter((e) => e.event === 'task.decided')).toHaveLength(1);
    const audit = await h.database.db.select().from(auditEvents).where(eq(auditEvents.caseId, state.caseId));
    expect(audit.filter((a) => a.event === 'task.decided')).toHaveLength(1);

    expect(await refusal(handle.executeUpdate(cancelCaseUpdate, { args: [{ actor: outsider, reason: 'x' }] }))).toBe(
      'NOT_ADMIN',
    );
    const cancelled = await handle.executeUpdate(cancelCaseUpdate, { args: [{ actor: admin, reason: '重复立项' }] });
    expect(cancelled.status).toBe('cancelled');
  });

  it('rejects at the organs work committee and ends the case with the reasons', async () => {
    const { handle } = await startEstablishment(h);
    const c5 = await throughC4(handle);
    await handle.executeUpdate(decideTaskUpdate, {
      args: [{ actor: workCommittee, taskId: c5.taskId, outcome: 'reject', comment: '不符合设置条件' }],
    });
    const final: CaseState = await handle.result();
    expect(final.status).toBe('rejected');
    expect(final.closeReason).toBe('不符合设置条件');
  });
});
