import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, seedDemoData, IdentityRepository, type Database } from '../../../libs/db';

// The README names demo users in its table and its examples; `npm start` prints a token command for each
// (scripts/launcher.ts). Both lists must name the same users, and each must exist in the demo seed.
const root = join(__dirname, '..', '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const launcher = readFileSync(join(root, 'scripts', 'launcher.ts'), 'utf8');

const readmeUsers = [...new Set([...readme.matchAll(/\b(u-[a-z][a-z0-9-]*[a-z0-9])\b/g)].map((m) => m[1]!))].sort();
const demoUsersBlock = /const demoUsers = \[([^\]]*)\]/.exec(launcher)?.[1] ?? '';
const bannerUsers = [...demoUsersBlock.matchAll(/'(u-[^']+)'/g)].map((m) => m[1]!).sort();

jest.setTimeout(60_000);

describe('demo users of the README and of the npm start banner', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ pgliteDir: 'memory://' });
    await seedDemoData(database);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('prints a token command for every user the README names, and no other', () => {
    expect(readmeUsers.length).toBeGreaterThan(5);
    expect(bannerUsers).toEqual(readmeUsers);
  });

  it('names only users of the demo seed', async () => {
    const identity = new IdentityRepository(database);
    const missing: string[] = [];
    for (const userId of readmeUsers) if (!(await identity.getUser(userId))) missing.push(userId);
    expect(missing).toEqual([]);
  });
});
