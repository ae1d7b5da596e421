/** Nearest-rank percentile (p in 0..100) of unsorted samples in milliseconds. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('percentile of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export interface LatencySummary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function summarize(samples: readonly number[]): LatencySummary {
  return {
    n: samples.length,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
    max: Math.max(...samples),
  };
}

export function ms(value: number): string {
  return `${value.toFixed(1)} ms`;
}

export function formatLatency(label: string, s: LatencySummary, extra = ''): string {
  return `${label}: p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, p99 ${ms(s.p99)}, max ${ms(s.max)} (n=${s.n}${extra})`;
}

export function ratio(a: number, b: number): string {
  return b > 0 ? `${(a / b).toFixed(1)}x` : 'n/a';
}

/** Milliseconds since `start` (a `performance.now()` reading). */
export function elapsedSince(start: number): number {
  return performance.now() - start;
}

/** Runs `tasks` with at most `limit` in flight; resolves with results in input order, rejects on the first failure. */
export async function runLimited<T>(count: number, limit: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, () => lane()));
  return results;
}
