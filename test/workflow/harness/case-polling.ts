import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { caseStateQuery, type CaseState, type Task } from '../../../libs/contracts';

/** Polls the case query until a task of the given step is open (tasks open through activities, not instantly). */
export async function waitForTask(handle: WorkflowHandle, step: string, timeoutMs = 20_000): Promise<Task> {
  const deadline = Date.now() + timeoutMs;
  let last: CaseState | undefined;
  while (Date.now() < deadline) {
    last = await handle.query(caseStateQuery);
    const task = last.pendingTasks.find((t) => t.step === step);
    if (task) return task;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no open ${step} task within ${timeoutMs} ms; stage ${last?.stage}, status ${last?.status}`);
}

export async function waitForState(
  handle: WorkflowHandle,
  predicate: (s: CaseState) => boolean,
  timeoutMs = 20_000,
): Promise<CaseState> {
  const deadline = Date.now() + timeoutMs;
  let last: CaseState | undefined;
  while (Date.now() < deadline) {
    last = await handle.query(caseStateQuery);
    if (predicate(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`case state condition not met within ${timeoutMs} ms; stage ${last?.stage}, status ${last?.status}`);
}

/** The rule code a refused update carries (the workflow's own reason, not a transport error). */
export async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (err as WorkflowUpdateFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    return (cause as ApplicationFailure).type ?? 'untyped';
  }
  throw new Error('update was accepted but should have been refused');
}
