import { allHandlersFinished, condition, defineUpdate, setHandler } from '@temporalio/workflow';

/** The bare Temporal reference point: an update that changes workflow state and returns, nothing else. */
export const bumpUpdate = defineUpdate<number, [string]>('bump');

export const BASELINE_WORKFLOW = 'baselineUpdatesWorkflow';

/**
 * Waits for `updates` updates, each of which bumps a counter and answers with it, then completes. No activities,
 * no timers, no validators: one workflow task per update, the floor under any update-driven procedure.
 */
export async function baselineUpdatesWorkflow(updates: number): Promise<number> {
  let count = 0;
  const seen: string[] = [];
  setHandler(bumpUpdate, (label: string) => {
    count += 1;
    seen.push(label);
    return count;
  });
  await condition(() => count >= updates);
  await condition(allHandlersFinished);
  return seen.length;
}
