import type { Client } from '@temporalio/client';
import { startTermClockWorkflow, termClockInputFor } from '../../../activities';
import { TASK_QUEUE } from '../../../libs/contracts';
import { RegistryRepository, type Database } from '../../../libs/db';
import { CURRENT_POLICY_VERSION } from '../../../libs/domain';

export interface EnsureTermClocksOptions {
  client: Client;
  database: Database;
  /** default TASK_QUEUE */
  taskQueue?: string;
  /** policy for organizations whose registry entry names no known policy version (default CURRENT_POLICY_VERSION) */
  policyVersion?: string;
}

export interface EnsureTermClocksResult {
  /** clocks this call started */
  started: string[];
  /** clocks already running */
  running: string[];
  /** active organizations without a clock, with the reason (e.g. the organs work committee: no upper body) */
  skipped: { orgId: string; reason: string }[];
}

/**
 * Every ACTIVE organization with a term gets its durable term clock `termClock:<orgId>` (RULES §B.2, §D.1). Safe
 * to run at every worker start: a clock already running is left alone.
 */
export async function ensureTermClocks(opts: EnsureTermClocksOptions): Promise<EnsureTermClocksResult> {
  const registry = new RegistryRepository(opts.database);
  const result: EnsureTermClocksResult = { started: [], running: [], skipped: [] };
  for (const org of await registry.listOrgs({ status: 'active' })) {
    const outcome = await termClockInputFor(opts.database, org.id, opts.policyVersion ?? CURRENT_POLICY_VERSION);
    if (!outcome.ok) {
      result.skipped.push({ orgId: org.id, reason: outcome.reason });
      continue;
    }
    const started = await startTermClockWorkflow(opts.client, outcome.input, opts.taskQueue ?? TASK_QUEUE);
    (started ? result.started : result.running).push(org.id);
  }
  return result;
}
