import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The committed drizzle-kit output lives in <repo>/libs/db/migrations. Walk up from this file (ts under jest, or
 * dist/libs/db when compiled) to the directory holding package.json so both layouts resolve the same folder.
 */
export function migrationsFolder(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    const candidate = join(dir, 'libs', 'db', 'migrations');
    if (existsSync(join(dir, 'package.json')) && existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`libs/db/migrations not found above ${start}`);
    dir = parent;
  }
}
