import { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { Pool } from 'pg';
import { migrationsFolder } from './migrations-dir';
import { AuditRepository } from './repositories/audit.repository';
import * as schema from './schema';

export type Schema = typeof schema;
/** The drizzle handle shared by both drivers; repositories compile against this type only. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  kind: DatabaseKind;
  db: Db;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres://… → node-postgres pool; otherwise PGlite */
  url?: string;
  /** PGlite data directory; 'memory://' or undefined → in-memory */
  pgliteDir?: string;
  /** default true */
  migrate?: boolean;
}

export async function openDatabase(opts: OpenDatabaseOptions = {}): Promise<Database> {
  const database = opts.url ? openPostgres(opts.url) : await openPglite(opts.pgliteDir);
  if (opts.migrate !== false) {
    try {
      await migrate(database);
    } catch (err) {
      await database.close().catch(() => undefined);
      throw err;
    }
  }
  return database;
}

function openPostgres(url: string): Database & { pool: Pool } {
  const pool = new Pool({ connectionString: url, max: 10 });
  // An idle client whose connection the server ends (a restart, a failover, DROP DATABASE … WITH (FORCE)) emits
  // 'error' on the pool; without a listener that is an unhandled error that takes the whole process down. The pool has
  // already discarded the client, and the next query opens a new connection.
  pool.on('error', (err) => {
    process.emitWarning(`PostgreSQL pool: idle connection ended (${err.message})`);
  });
  const db = drizzleNodePg(pool, { schema }) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    pool,
    ping: async () => {
      await pool.query('select 1');
    },
    close: async () => {
      await pool.end();
    },
  };
}

async function openPglite(dir?: string): Promise<Database & { client: PGlite }> {
  const client = !dir || dir === 'memory://' ? new PGlite() : new PGlite(dir);
  await client.waitReady;
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    client,
    ping: async () => {
      await client.query('select 1');
    },
    close: async () => {
      if (!client.closed) await client.close();
    },
  };
}

/** Applies the committed drizzle-kit migrations (idempotent: the migrator records what it applied). */
export async function migrate(database: Database): Promise<void> {
  const config = { migrationsFolder: migrationsFolder() };
  if (database.kind === 'postgres') {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await migrateNodePg(database.db as any, config);
  } else {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await migratePglite(database.db as any, config);
  }
  // audit rows written before migration 0008 (or by an older worker) join their case's hash chain (issue 8 §7)
  await new AuditRepository(database).chainUnchained();
}

/** Cheap liveness check usable by health indicators. */
export async function pingDb(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}

/** Raw SQL returning rows on either driver (both node-postgres and PGlite results carry `rows`). */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
