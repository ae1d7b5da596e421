import { connectTemporalClient } from '../apps/api/src/temporal-client.factory';
import { loadToolConfig } from '../libs/config';

/**
 * `npm run cases:stuck [-- --min-attempts N]`: the running cases whose activities keep failing (a projection the
 * database refuses, a registry write, mail), with the activity, its attempt count and last failure, so an
 * administrator sees what a case waits on. Uses the environment of the API (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TLS).
 *
 * A case wedged by text PostgreSQL cannot store (before release 2026-12) heals once this release's worker runs: its
 * retrying projection fails for good (RECORD_REJECTED), the case writes the record with that text replaced and flags
 * it `recordRepaired`, and the decision, withdraw or cancel that waited on it completes.
 */
async function main(): Promise<number> {
  const minAttempts = Number(argValue('--min-attempts') ?? 5);
  const config = loadToolConfig(process.env);
  const { client, connection } = await connectTemporalClient(config);
  let found = 0;
  try {
    for await (const info of client.workflow.list({ query: 'ExecutionStatus = "Running"' })) {
      const described = await client.workflow.getHandle(info.workflowId, info.runId).describe();
      for (const pending of described.raw.pendingActivities ?? []) {
        const attempt = pending.attempt ?? 0;
        if (attempt < minAttempts) continue;
        found += 1;
        const failure = pending.lastFailure?.message ?? '';
        console.log(
          `${info.workflowId}\t${pending.activityType?.name ?? '?'}\tattempt ${attempt}\t${failure.slice(0, 200)}`,
        );
      }
    }
  } finally {
    await connection.close();
  }
  console.log(`${found} activit${found === 1 ? 'y' : 'ies'} with ${minAttempts} or more attempts`);
  return 0;
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
