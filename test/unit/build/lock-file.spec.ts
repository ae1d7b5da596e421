import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// `npm ci` refuses a lock file that omits any optional dependency a locked package declares, even one for another
// platform (a registry mirror without those packages produces such a lock). CI starts with `npm ci` on a clean clone.

interface LockEntry {
  version?: string;
  optionalDependencies?: Record<string, string>;
  dependencies?: Record<string, string>;
}

const root = join(__dirname, '..', '..', '..');
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockEntry>;
};

/** Node's resolution: the nearest node_modules folder from the dependant upwards. */
function resolves(from: string, name: string): boolean {
  let dir = from;
  for (;;) {
    if (lock.packages[`${dir ? `${dir}/` : ''}node_modules/${name}`]) return true;
    const at = dir.lastIndexOf('/node_modules/');
    if (dir === '') return false;
    dir = at >= 0 ? dir.slice(0, at) : '';
  }
}

describe('package-lock.json', () => {
  it('lists every optional dependency of every locked package (npm ci would refuse otherwise)', () => {
    const missing: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      for (const name of Object.keys(entry.optionalDependencies ?? {})) {
        if (!resolves(path, name)) missing.push(`${path || '<root>'} → ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('pins every @temporalio package to one exact version', () => {
    const versions = new Set(
      Object.entries(lock.packages)
        .filter(([path]) => /node_modules\/@temporalio\/[^/]+$/.test(path))
        .map(([, entry]) => entry.version),
    );
    expect([...versions]).toHaveLength(1);
  });
});
