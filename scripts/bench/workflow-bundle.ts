import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOW_PRELOAD_MODULES, workflowsEntryPath } from '../../apps/worker/src';

export interface PrebuiltBundle {
  /** what startWorkerInProcess takes as `workflowBundle` (the production worker loads dist/workflow-bundle.js) */
  bundle: { codePath: string };
  remove(): void;
}

/**
 * Bundles workflows/ once into a temporary file, so the admission workers load a prebuilt bundle as the production
 * worker does, and the worker process measured for memory never runs webpack.
 */
export async function bundleWorkflowsOnce(): Promise<PrebuiltBundle> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: workflowsEntryPath(),
    preloadModules: WORKFLOW_PRELOAD_MODULES,
    logger: quietBundlerLogger,
  });
  const dir = mkdtempSync(join(tmpdir(), 'branchflow-bench-bundle-'));
  const codePath = join(dir, 'workflow-bundle.js');
  writeFileSync(codePath, code);
  return { bundle: { codePath }, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

const ignore = () => undefined;
const quietBundlerLogger = {
  log: ignore,
  trace: ignore,
  debug: ignore,
  info: ignore,
  warn: (message: string) => process.stderr.write(`  bundler warning: ${message}\n`),
  error: (message: string) => process.stderr.write(`  bundler error: ${message}\n`),
};
