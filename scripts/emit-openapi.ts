import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Client } from '@temporalio/client';
import { loadConfig } from '../libs/config';
import type { Database } from '../libs/db';
import { buildOpenApiDocument, createApp, undeclaredPathParameters } from '../apps/api/src';

// Writes openapi.json from the app's routes and zod DTOs; `--check` fails when the committed file is stale.
// Run compiled (decorator metadata needs tsc/swc): npx tsc -p tsconfig.build.json && node dist/scripts/emit-openapi.js

function repoRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

/**
 * Stand-ins for the database and Temporal client: building the document never touches them. Every property is
 * another stand-in object (never a function), so an accidental call fails with "is not a function" and Nest
 * finds no lifecycle hooks on them.
 */
function neverCalled<T>(name: string): T {
  return new Proxy({} as object, {
    get(_target, property) {
      if (property === 'then' || typeof property === 'symbol') return undefined;
      return neverCalled(`${name}.${property}`);
    },
  }) as T;
}

async function emitOpenApi(check: boolean): Promise<number> {
  const target = resolve(repoRoot(__dirname), 'openapi.json');
  const app = await createApp({
    config: loadConfig({ AUTH_MODE: 'dev', LOG_LEVEL: 'silent' }),
    database: neverCalled<Database>('database'),
    temporalClient: neverCalled<Client>('temporalClient'),
    logger: false,
  });
  try {
    const document = buildOpenApiDocument(app);
    const undeclared = undeclaredPathParameters(document);
    if (undeclared.length > 0) {
      process.stderr.write(`path parameters without a declaration (add @ApiParam):\n  ${undeclared.join('\n  ')}\n`);
      return 1;
    }
    const json = `${JSON.stringify(document, null, 2)}\n`;
    if (!check) {
      writeFileSync(target, json);
      process.stdout.write(`wrote ${target}\n`);
      return 0;
    }
    const committed = existsSync(target) ? readFileSync(target, 'utf8') : null;
    if (committed === json) {
      process.stdout.write(`${target} is up to date\n`);
      return 0;
    }
    process.stderr.write(
      `${target} ${committed === null ? 'is missing' : 'is out of date'}: run node dist/scripts/emit-openapi.js\n`,
    );
    return 1;
  } finally {
    await app.close();
  }
}

emitOpenApi(process.argv.includes('--check')).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`emit-openapi failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
