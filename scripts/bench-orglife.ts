import { openDatabase, seedDemoData } from '../libs/db';
import { formatHistory } from './bench/history';
import { measureBranchYearOnTimeSkipping } from './bench/orglife-year.scenario';
import { measureOrgLife } from './bench/orglife.scenario';
import { bundleWorkflowsOnce } from './bench/workflow-bundle';

// `npm run bench:orglife`: organizational life at the size of a work committee (issue 11 "Bench") on in-memory
// PGlite, then one branch's whole year on the time-skipping server for the size of its history. Knobs:
// BENCH_ORGLIFE_BRANCHES (2000), BENCH_ORGLIFE_MEMBERS (8), BENCH_ORGLIFE_SAMPLES (20).
async function main(): Promise<void> {
  const database = await openDatabase({ pgliteDir: 'memory://' });
  try {
    await seedDemoData(database);
    const r = await measureOrgLife(database, {
      branches: Number(process.env.BENCH_ORGLIFE_BRANCHES ?? 2000),
      members: Number(process.env.BENCH_ORGLIFE_MEMBERS ?? 8),
      year: 2027,
      samples: Number(process.env.BENCH_ORGLIFE_SAMPLES ?? 20),
    });
    console.log(`org life: ${r.branches} branches, ${r.occurrences} occurrences`);
    console.log(`  yearly plans generated: ${r.planGenerationMs.toFixed(0)} ms for all branches`);
    console.log(
      `  compliance list over all branches: p50 ${r.complianceP50Ms.toFixed(0)} ms, p99 ${r.complianceP99Ms.toFixed(0)} ms (${r.complianceSamples} samples)`,
    );
  } finally {
    await database.close();
  }
  const prebuilt = await bundleWorkflowsOnce();
  try {
    const year = await measureBranchYearOnTimeSkipping(prebuilt.bundle);
    console.log(
      `  one branch-year (${year.orgId}, ${year.year}: plan approved, ${year.occurrences} occurrences recorded, ` +
        `continued as new into ${year.year + 1}) on the time-skipping server in ${(year.wallMs / 1000).toFixed(1)} s`,
    );
    console.log(`  its history: ${formatHistory(year.history)}`);
  } finally {
    prebuilt.remove();
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
