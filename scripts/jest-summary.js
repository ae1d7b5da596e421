// Usage: node scripts/jest-summary.js <results-dir> <project>=<exit-code>...
// Reads <results-dir>/<project>.json (jest --json) and prints "<passed> <failed>" summed over the projects.
// A suite that failed without running a test, and a project that exited non-zero without reporting any failure
// (crash, timeout, missing report), each count as one failure. Per-project detail goes to stderr.
const fs = require('node:fs');
const path = require('node:path');

const [resultsDir, ...runs] = process.argv.slice(2);
let passed = 0;
let failed = 0;
const failures = [];

/** The first lines of a failure message, without colour codes or stack frames. */
function head(message) {
  const lines = message
    .replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '')
    .split('\n')
    .filter((line) => line.trim() && !/^\s+at /.test(line));
  return lines
    .slice(0, 8)
    .map((line) => `      ${line.slice(0, 300)}`)
    .join('\n');
}

for (const run of runs) {
  const [project, exitText] = run.split('=');
  const exitCode = Number(exitText);
  const file = path.join(resultsDir, `${project}.json`);
  let projectPassed = 0;
  let projectFailed = 0;
  let note = '';
  if (fs.existsSync(file)) {
    const report = JSON.parse(fs.readFileSync(file, 'utf8'));
    projectPassed = report.numPassedTests;
    projectFailed = report.numFailedTests;
    for (const suite of report.testResults) {
      if (suite.status === 'failed' && suite.assertionResults.length === 0) {
        projectFailed += 1;
        note += ` [suite failed to run: ${path.relative(process.cwd(), suite.name)}]`;
      }
      // the failing test and the head of its message, so a CI log that keeps only the end still says what broke
      for (const test of suite.assertionResults) {
        if (test.status === 'failed') failures.push(`  ✕ ${test.fullName}\n${head(test.failureMessages.join('\n'))}`);
      }
      if (suite.status === 'failed' && suite.assertionResults.length === 0 && suite.message) {
        failures.push(`  ✕ ${path.relative(process.cwd(), suite.name)}\n${head(suite.message)}`);
      }
    }
  } else {
    note = ' [no report]';
  }
  if (exitCode !== 0 && projectFailed === 0) {
    projectFailed = 1;
    note += ` [exit code ${exitCode}]`;
  }
  process.stderr.write(`jest ${project}: ${projectPassed} passed, ${projectFailed} failed${note}\n`);
  passed += projectPassed;
  failed += projectFailed;
}
if (failures.length > 0) process.stderr.write(`failed tests:\n${failures.join('\n')}\n`);
process.stdout.write(`${passed} ${failed}\n`);
