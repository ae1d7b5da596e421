import { loadToolConfig } from '../libs/config';
import { AuditRepository, describeAuditBreak, openDatabase } from '../libs/db';

/**
 * `npm run audit:verify [-- <caseId>…]`: checks the tamper-evident audit trail (issue 8 §7) of the named cases, or of
 * every case, against its hash chain; prints the first broken link of each broken case and exits 1 if there is one
 * (2 on an error). Uses the API's database settings (DATABASE_URL, or PGLITE_DIR when the API is not running: an
 * embedded PGlite directory has one user at a time; ask the running API instead, GET /api/admin/audit/verify).
 */
async function main(): Promise<number> {
  const caseIds = process.argv.slice(2).filter((arg) => arg !== '--');
  const config = loadToolConfig(process.env);
  // never migrate here: checking must not write (migrate() would chain rows that are not chained yet)
  const database = await openDatabase({ url: config.db.url, pgliteDir: config.db.pgliteDir, migrate: false });
  try {
    const audit = new AuditRepository(database);
    let checked = 0;
    let rows = 0;
    let broken = 0;
    if (caseIds.length > 0) {
      for (const caseId of caseIds) {
        const report = await audit.verifyCase(caseId);
        checked += 1;
        rows += report.rows;
        if (report.rows === 0 && report.ok) {
          console.log(`${caseId}: no audit rows`);
          continue;
        }
        if (!report.ok) broken += 1;
        console.log(describeAuditBreak(report));
      }
    } else {
      const summary = await audit.verifyAll();
      checked = summary.casesChecked;
      rows = summary.rowsChecked;
      broken = summary.broken.length;
      for (const report of summary.broken) console.log(describeAuditBreak(report));
    }
    console.log(`audit chains: ${checked} case(s), ${rows} row(s) checked, ${broken} broken`);
    return broken === 0 ? 0 : 1;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
