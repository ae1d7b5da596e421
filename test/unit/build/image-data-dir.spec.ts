import { readFileSync } from 'node:fs';
import { posix, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');
const dockerfile = readFileSync(resolve(root, 'Dockerfile'), 'utf8');
const compose = readFileSync(resolve(root, 'docker-compose.yml'), 'utf8');
const dockerignore = readFileSync(resolve(root, '.dockerignore'), 'utf8');

/** The instructions of the Dockerfile's last stage (the runtime image), continuation lines joined, comments dropped. */
function runtimeStage(): string[] {
  const instructions = dockerfile
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith('#'));
  const lastFrom = instructions.map((l) => /^FROM\s/i.test(l)).lastIndexOf(true);
  return instructions.slice(lastFrom);
}

/** The block of one top-level compose service (its lines up to the next service). */
function service(name: string): string {
  const lines = compose.split(/\r?\n/);
  const start = lines.findIndex((l) => l === `  ${name}:`);
  expect(start).toBeGreaterThan(-1);
  const end = lines.findIndex((l, i) => i > start && /^ {2}\S/.test(l));
  const stop = lines.findIndex((l, i) => i > start && /^\S/.test(l));
  const last = [end, stop].filter((i) => i > start);
  return lines.slice(start, last.length ? Math.min(...last) : undefined).join('\n');
}

const within = (dir: string, parent: string) => dir === parent || dir.startsWith(`${parent.replace(/\/+$/, '')}/`);

/**
 * The production image can write its data (issue 8 §6): uploads failed under `USER node` while /app was root's. The
 * data directory is created and given to the runtime user before `USER`, and compose keeps the attachments in a named
 * volume mounted there, which Docker fills from the image with the same owner.
 */
describe('the production image writes its data directory as its runtime user', () => {
  const stage = runtimeStage();
  const userAt = stage.findIndex((l) => /^USER\s/i.test(l));
  const runtimeUser = stage[userAt]?.split(/\s+/)[1];
  const api = service('api');
  const attachmentsDir = /ATTACHMENTS_DIR:\s*'?([^'\s]+)'?/.exec(api)?.[1];
  /** `- name:/container/path` named-volume mounts of the api service (host paths start with . or /) */
  const namedMounts = [...api.matchAll(/^\s+-\s+'?([A-Za-z][\w-]*):(\/[^:'\s]*)(?::\w+)?'?\s*$/gm)].map((m) => ({
    volume: m[1]!,
    path: m[2]!,
  }));
  const chowned = stage
    .slice(0, userAt)
    .filter((l) => /^RUN\s/i.test(l))
    .flatMap((l) =>
      [...l.matchAll(/chown\s+(-R\s+)?(\S+)\s+(\/\S+)/g)].map((m) => ({ recursive: !!m[1], owner: m[2]!, dir: m[3]! })),
    );

  it('runs as an unprivileged user, set once and not taken back', () => {
    expect(runtimeUser).toBe('node');
    expect(stage.filter((l) => /^USER\s/i.test(l))).toEqual(['USER node']);
  });

  it('creates the attachments directory and gives the data directory to that user before USER', () => {
    expect(chowned.length).toBeGreaterThan(0);
    expect(chowned.every((c) => c.owner.split(':')[0] === runtimeUser)).toBe(true);
    const mkdirs = stage
      .slice(0, userAt)
      .flatMap((l) => [...l.matchAll(/mkdir\s+-p\s+((?:\/\S+\s*)+)/g)].flatMap((m) => m[1]!.trim().split(/\s+/)));
    expect(attachmentsDir).toBeDefined();
    expect(mkdirs).toContain(attachmentsDir);
    // recursively: the attachments directory was created inside it as root
    expect(chowned.some((c) => c.recursive && within(attachmentsDir!, c.dir))).toBe(true);
    // nothing copied into the data directory afterwards (COPY writes root's files)
    for (const l of stage.filter((l) => /^COPY\s/i.test(l))) {
      const target = l.split(/\s+/).pop()!;
      const absolute = posix.resolve('/app', target);
      expect(chowned.some((c) => within(absolute, c.dir))).toBe(false);
    }
  });

  it("mounts a named volume at the API's ATTACHMENTS_DIR, which the image created for its user", () => {
    const mount = namedMounts.find((m) => m.path === attachmentsDir);
    expect(mount).toBeDefined();
    // declared at the top level: a named volume, which Docker first fills from the image (contents and owner)
    expect(compose).toMatch(new RegExp(`^volumes:[\\s\\S]*^ {2}${mount!.volume}:`, 'm'));
    expect(chowned.some((c) => within(mount!.path, c.dir))).toBe(true);
    // relative defaults of the config resolve under WORKDIR /app, inside the same directory
    expect(stage).toContain('WORKDIR /app');
    expect(chowned.some((c) => within(posix.resolve('/app', './data/attachments'), c.dir))).toBe(true);
    expect(chowned.some((c) => within(posix.resolve('/app', './data/pglite'), c.dir))).toBe(true);
  });

  it('never bakes a local data directory (install keys, PGlite, uploads) into the image', () => {
    expect(dockerignore.split(/\r?\n/).map((l) => l.trim())).toContain('data');
  });
});
