import { WorkflowUpdateFailedError, type ApplicationFailure } from '@temporalio/client';
import { caseStateQuery, decideTaskUpdate, withdrawCaseUpdate } from '../../libs/contracts';
import { getPolicy } from '../../libs/domain';
import { waitForTask, refusal } from './harness/case-polling';
import { actor, startEstablishment, startHarness, type Harness } from './harness/workflow-harness';

jest.setTimeout(300_000);

const clerk = actor('u-clerk', [{ role: 'submitter', at: 'org-wc' }]);
const partyGroup = actor('u-pg-edu', [{ role: 'approver', at: 'pg-edu' }]);

/** Bounds on what one case grows (issue 8 §2), enforced by the workflow's own validators. */
describe('case bounds in the workflow validators (time-skipping server)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('refuses the return past maxReturnsPerStep with the cap and its numbers; approving still works', async () => {
    const max = getPolicy().caseBounds.maxReturnsPerStep;
    const { handle } = await startEstablishment(h);
    for (let n = 1; n <= max; n++) {
      const c2 = await waitForTask(handle, 'C2');
      await handle.executeUpdate(decideTaskUpdate, {
        args: [{ actor: partyGroup, taskId: c2.taskId, outcome: 'return', comment: `第${n}次退回` }],
      });
      const c3 = await waitForTask(handle, 'C3');
      await handle.executeUpdate(decideTaskUpdate, { args: [{ actor: clerk, taskId: c3.taskId, outcome: 'submit' }] });
    }
    const c2 = await waitForTask(handle, 'C2');
    const attempt = handle.executeUpdate(decideTaskUpdate, {
      args: [{ actor: partyGroup, taskId: c2.taskId, outcome: 'return', comment: '再退回' }],
    });
    expect(await refusal(attempt)).toBe('RETURN_LOOP_CAP_REACHED');
    const again = await handle
      .executeUpdate(decideTaskUpdate, {
        args: [{ actor: partyGroup, taskId: c2.taskId, outcome: 'return', comment: '再退回' }],
      })
      .catch((err: unknown) => err);
    expect(again).toBeInstanceOf(WorkflowUpdateFailedError);
    const details = ((again as WorkflowUpdateFailedError).cause as ApplicationFailure).details?.[0];
    expect(details).toMatchObject({
      code: 'RETURN_LOOP_CAP_REACHED',
      kind: 'rule',
      numbers: { step: 'C2', returns: max, maxReturnsPerStep: max },
    });
    const state = await handle.query(caseStateQuery);
    expect(state.timeline.filter((e) => e.step === 'C2' && e.outcome === 'return')).toHaveLength(max);
    const approved = await handle.executeUpdate(decideTaskUpdate, {
      args: [{ actor: partyGroup, taskId: c2.taskId, outcome: 'approve' }],
    });
    expect(approved.stage).not.toBe('C2');
    await handle.executeUpdate(withdrawCaseUpdate, { args: [{ actor: clerk }] });
  });
});
