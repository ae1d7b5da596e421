import type { Context as ActivityContext } from '@temporalio/activity';
import { activityFailures, activityMetricsInterceptor } from '../../../apps/worker/src/activity-metrics.interceptor';

describe('activity failure metric', () => {
  const ctx = { info: { activityType: 'applyProjections' } } as unknown as ActivityContext;
  const count = async () =>
    (await activityFailures.get()).values.find((v) => v.labels.activity === 'applyProjections')?.value ?? 0;

  it('counts a failed attempt by activity type and passes the failure on unchanged', async () => {
    const before = await count();
    const failure = new Error('database unavailable');
    const execute = activityMetricsInterceptor(ctx).inbound!.execute!;
    await expect(execute({ args: [], headers: {} }, () => Promise.reject(failure))).rejects.toBe(failure);
    expect(await count()).toBe(before + 1);
  });

  it('leaves a successful attempt uncounted', async () => {
    const before = await count();
    const execute = activityMetricsInterceptor(ctx).inbound!.execute!;
    await expect(execute({ args: [], headers: {} }, () => Promise.resolve('ok'))).resolves.toBe('ok');
    expect(await count()).toBe(before);
  });
});
