import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { CaseRecordRepository, CaseSummaryRepository } from '../../libs/db';
import {
  cancelCaseUpdate,
  caseStateQuery,
  decideTaskUpdate,
  withdrawCaseUpdate,
  type CaseState,
} from '../../libs/contracts';
import { refusal, waitForState, waitForTask } from './harness/case-polling';
import { actor, establishmentRequest, startEstablishment, useHarness } from './harness/workflow-harness';

jest.setTimeout(120_000);

const clerk = actor('u-clerk', [{ role: 'submitter', at: 'org-wc' }]);
const partyGroup = actor('u-pg-edu', [{ role: 'approver', at: 'pg-edu' }]);
const admin = actor('u-admin', [{ role: 'admin', at: 'org-wc' }], ['org-wc']);

/** Event types of a workflow's history, e.g. 'TIMER_CANCELED' (EventType enum names without the prefix). */
async function eventTypes(handle: WorkflowHandle): Promise<string[]> {
  const { events } = JSON.parse(historyToJSON(await handle.fetchHistory())) as { events: { eventType: string }[] };
  return events.map((e) => e.eventType.replace(/^EVENT_TYPE_/, ''));
}

describe('case records and deadlines on the time-skipping server', () => {
  const h = useHarness();

  it('never cancels a timer: a decision before the reminder leaves the timer to fire later', async () => {
    const { handle } = await startEstablishment(h);
    const c2 = await waitForTask(handle, 'C2');
    await handle.executeUpdate(decideTaskUpdate, {
      args: [{ actor: partyGroup, taskId: c2.taskId, outcome: 'approve' }],
    });
    const c4 = await waitForTask(handle, 'C4');
    const types = await eventTypes(handle);
    // the C2 reminder timer was running when the decision came (sdk-java#2606: cancelling it can strand a run)
    expect(types).toContain('TIMER_STARTED');
    expect(types).not.toContain('TIMER_CANCELED');
    expect(types).toContain('MARKER_RECORDED');
    await handle.executeUpdate(withdrawCaseUpdate, { args: [{ actor: clerk, reason: 'test over' }] });
    expect(c4.step).toBe('C4');
  });

  it('keeps the whole case in SQL: the record of a closed case equals its final state', async () => {
    const { handle, input } = await startEstablishment(h);
    const records = new CaseRecordRepository(h.database);
    const c2 = await waitForTask(handle, 'C2');

    const open = await records.get(input.caseId);
    const live = await handle.query(caseStateQuery);
    expect(open).not.toBeNull();
    expect(open!.state.pendingTasks.map((t) => t.taskId)).toEqual([c2.taskId]);
    expect(open!.state.data).toEqual(live.data);
    expect(open!.state.timeline).toEqual(live.timeline);

    await handle.executeUpdate(decideTaskUpdate, {
      args: [{ actor: partyGroup, taskId: c2.taskId, outcome: 'approve', comment: '同意' }],
    });
    await waitForTask(handle, 'C4');
    await handle.executeUpdate(withdrawCaseUpdate, { args: [{ actor: clerk, reason: '合并到其他支部' }] });
    const final = (await handle.result()) as CaseState;

    const closed = await records.get(input.caseId);
    expect(closed!.state).toEqual(final);
    expect(closed!.state.status).toBe('withdrawn');
    expect(closed!.state.closeReason).toBe('合并到其他支部');
    expect(Date.parse(closed!.asOf)).toBeGreaterThanOrEqual(Date.parse(final.closedAt!));

    const run = await records.runOf(input.caseId);
    const described = await handle.describe();
    expect(run).toMatchObject({ workflowId: input.caseId, firstRunId: described.runId, status: 'withdrawn' });
  });

  it('refuses a decision whose text cannot be stored, naming the field, and leaves the case as it was', async () => {
    const { handle } = await startEstablishment(h);
    const c2 = await waitForTask(handle, 'C2');
    const refused = await refusal(
      handle.executeUpdate(decideTaskUpdate, {
        args: [{ actor: partyGroup, taskId: c2.taskId, outcome: 'approve', comment: 'ok\u0000' }],
      }),
    );
    expect(refused).toBe('UNSTORABLE_TEXT');
    expect((await handle.query(caseStateQuery)).pendingTasks.map((t) => t.taskId)).toEqual([c2.taskId]);
    await handle.executeUpdate(withdrawCaseUpdate, { args: [{ actor: clerk }] });
  });

  it('a step the database refuses for good is recorded as failed and flagged, never retried forever', async () => {
    // a start input no validator saw (a client of Temporal itself): the organization's name holds a NUL
    const { handle, input } = await startEstablishment(h, {
      request: establishmentRequest({ name: '基础\u0000教育处党支部' }),
    });
    const records = new CaseRecordRepository(h.database);
    // both written: a query may be answered between the refused projection and its repair
    const failed = await waitForState(
      handle,
      (s) => s.timeline.some((e) => e.event === 'step.failed') && s.timeline.some((e) => e.event === 'record.repaired'),
    );
    expect(failed.status).toBe('active');
    // the registry write failed first, then the first projection of the case had its text replaced
    expect(failed.data.flags).toEqual(['stepFailed', 'recordRepaired']);
    expect(failed.data.stepFailure).toMatchObject({ stage: 'C1', code: 'RECORD_REJECTED' });
    // the case and its failure are in SQL, the text PostgreSQL refused replaced (U+FFFD)
    const record = await records.get(input.caseId);
    expect(record!.state.title).toBe('成立基础\uFFFD教育处党支部');
    expect(record!.state.data.flags).toEqual(['stepFailed', 'recordRepaired']);
    const summary = await new CaseSummaryRepository(h.database).get(input.caseId);
    expect(summary).toMatchObject({ status: 'active', flags: ['recordRepaired', 'stepFailed'] });
    // an administrator ends it
    await handle.executeUpdate(cancelCaseUpdate, { args: [{ actor: admin, reason: '名称含非法字符，重新提交' }] });
    const closed = await records.get(input.caseId);
    expect(closed!.state).toMatchObject({ status: 'cancelled', closeReason: '名称含非法字符，重新提交' });
  });
});
