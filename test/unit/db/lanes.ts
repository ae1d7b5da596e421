import { openTestDatabase, type TestDatabase } from '../../../libs/db';

/** Every DB spec runs on both lanes: embedded PGlite and the local PostgreSQL server (never skipped). */
export const LANES = ['pglite', 'postgres'] as const;

export function useLane(lane: (typeof LANES)[number]): () => TestDatabase {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await openTestDatabase(lane);
  }, 60_000);
  afterAll(async () => {
    await database?.drop();
  }, 60_000);
  return () => {
    if (!database) throw new Error(`${lane} test database did not open`);
    return database;
  };
}
