import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditRepository, migrationsFolder, openDatabase } from '../../../libs/db';

describe('openDatabase with a PGlite directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'branchflow-pglite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the committed migrations from the source tree', () => {
    expect(migrationsFolder()).toMatch(/libs[\\/]db[\\/]migrations$/);
    expect(() => migrationsFolder('/')).toThrow(/not found/);
  });

  it('persists data across reopen and migrates only once', async () => {
    const first = await openDatabase({ pgliteDir: dir });
    await new AuditRepository(first).append({
      dedupeKey: 'persist-1',
      caseId: 'case-p',
      procedure: 'establishment',
      orgId: 'org-x',
      step: 'C3',
      event: 'case.submitted',
      at: '2026-01-01T00:00:00Z',
    });
    await first.close();
    const second = await openDatabase({ pgliteDir: dir });
    try {
      expect((await new AuditRepository(second).listForCase('case-p')).map((e) => e.dedupeKey)).toEqual(['persist-1']);
    } finally {
      await second.close();
    }
  }, 60_000);

  it('fails clearly for an unreachable PostgreSQL url', async () => {
    await expect(openDatabase({ url: 'postgres://postgres@127.0.0.1:1/none' })).rejects.toThrow();
  });
});
