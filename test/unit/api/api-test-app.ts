import type { INestApplication } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { loadConfig, type AppConfig } from '../../../libs/config';
import { openDatabase, seedDemoData, type Database } from '../../../libs/db';
import { createApp } from '../../../apps/api/src/create-app';

/** A Temporal client for tests that are not about Temporal: any call fails loudly so accidental use shows. */
export function unusedTemporalClient(): Client {
  const fail = (what: string) => () => {
    throw new Error(`Temporal client used unexpectedly: ${what}`);
  };
  return {
    workflow: { start: fail('workflow.start'), getHandle: fail('workflow.getHandle'), list: fail('workflow.list') },
    // a deadline only bounds the calls made inside: tests that stub getHandle see their stubs called through it
    withDeadline: (_deadline: number, fn: () => Promise<unknown>) => fn(),
    connection: {
      withDeadline: fail('connection.withDeadline'),
      workflowService: { getSystemInfo: fail('getSystemInfo') },
    },
  } as unknown as Client;
}

/** Actor-assertion and payload keys (issue 8 §4) for test apps, production mode included. */
export const TEST_TRUST_KEYS = {
  ACTOR_ASSERTION_KEYS: `t1:${Buffer.alloc(32, 7).toString('base64')}`,
  PAYLOAD_KEYS: `t1:${Buffer.alloc(32, 8).toString('base64')}`,
};

export interface TestApp {
  app: INestApplication;
  database: Database;
  config: AppConfig;
  close(): Promise<void>;
}

/** The real API on an in-memory PGlite with the demo data seeded. */
export async function createTestApp(
  env: Record<string, string> = {},
  temporalClient: Client = unusedTemporalClient(),
): Promise<TestApp> {
  const config = loadConfig({ AUTH_MODE: 'dev', LOG_LEVEL: 'silent', ...TEST_TRUST_KEYS, ...env });
  const database = await openDatabase({ pgliteDir: 'memory://' });
  await seedDemoData(database);
  const app = await createApp({ config, database, temporalClient, logger: false });
  return {
    app,
    database,
    config,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
