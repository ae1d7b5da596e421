import { CancellationScope, condition, patched, sleep } from '@temporalio/workflow';

/** `patched()` id of the change from `condition(fn, timeout)` to timers that are never cancelled. */
export const TIMERS_NEVER_CANCELLED = 'timers-never-cancelled';

/**
 * Waits on durable timers that are never cancelled. `condition(fn, timeout)` cancels its timer when `fn` wins; the
 * time-skipping test server refuses a workflow task that cancels a timer which fired while the task was with the worker
 * (temporalio/sdk-java#2606, #3088) and never hands the run out again. Here a timer outlives the wait it served and
 * later wakes the workflow once, to no effect; waits that end at the same instant share one timer, so a loop that
 * waits again for an unchanged deadline adds none. Runs recorded before this change keep replaying with `condition`:
 * the patch marker decides.
 */
export class Deadlines {
  /** fire instant (workflow epoch ms) → whether that timer has fired */
  private readonly timers = new Map<number, { fired: boolean }>();

  /** Resolves true once `ready()` holds, false when the instant `at` (epoch ms) comes first. */
  until(ready: () => boolean, at: number): Promise<boolean> {
    return this.within(ready, at - Date.now());
  }

  /**
   * Resolves true once `ready()` holds, false when `ms` pass first (at least 1 ms, as `condition` has it). Not an
   * async function on purpose: the unpatched path must hand back `condition`'s own promise, so recorded runs resolve
   * in the same microtask order (an extra await would let another coroutine's command go first on replay).
   */
  within(ready: () => boolean, ms: number): Promise<boolean> {
    const wait = Math.max(ms, 1);
    if (!patched(TIMERS_NEVER_CANCELLED)) return condition(ready, wait);
    if (ready()) return Promise.resolve(true);
    const timer = this.timer(Date.now() + wait, wait);
    return condition(() => ready() || timer.fired).then(() => ready());
  }

  private timer(at: number, ms: number): { fired: boolean } {
    let timer = this.timers.get(at);
    if (!timer) {
      const started = { fired: false };
      timer = started;
      this.timers.set(at, started);
      // Non-cancellable: neither a finished wait nor a cancelled workflow may issue CancelTimer for it.
      void CancellationScope.nonCancellable(() => sleep(ms)).then(() => {
        started.fired = true;
        this.timers.delete(at);
      });
    }
    return timer;
  }
}
