import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { Database, DatabaseKind } from './database';
import { openDatabase } from './database';

/** Admin connection used to create and drop throw-away test databases (trust auth on 127.0.0.1). */
export const TEST_PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export type TestDatabase = Database & { name: string; drop(): Promise<void> };

async function withAdmin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_PG_ADMIN_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL test lane: cannot connect to ${TEST_PG_ADMIN_URL} (${(err as Error).message}). ` +
        'Start PostgreSQL on 127.0.0.1:5432 or set TEST_PG_ADMIN_URL.',
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A migrated, empty database for tests. 'pglite' → in-memory PGlite; 'postgres' → a fresh database
 * branchflow_test_<random> on the local server, dropped by drop(). Fails loudly when PostgreSQL is unreachable.
 */
export async function openTestDatabase(lane: DatabaseKind): Promise<TestDatabase> {
  if (lane === 'pglite') {
    const database = await openDatabase({ pgliteDir: 'memory://' });
    return { ...database, name: 'memory://', drop: () => database.close() };
  }
  const name = `branchflow_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(TEST_PG_ADMIN_URL);
  url.pathname = `/${name}`;
  let database: Database;
  try {
    database = await openDatabase({ url: url.toString() });
  } catch (err) {
    await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    throw err;
  }
  let dropped = false;
  return {
    ...database,
    name,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await database.close();
      await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
