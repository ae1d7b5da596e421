import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ClientOptions } from '@temporalio/client';
import type { WorkerOptions } from '@temporalio/worker';
import type { TrustConfig } from '../config';
import { base64UrlEncode } from '../contracts/actor-assertion.contract';
import { ActorAssertionClientInterceptor } from './actor-assertion.client-interceptor';
import { AesGcmPayloadCodec } from './payload-codec';

/** The workflow interceptor module that checks assertions (bundled into the workflow code). */
export function actorAssertionInterceptorModule(): string {
  return require.resolve('../../workflows/kernel/actor-assertion.interceptor');
}

/**
 * Client options of everything that talks to Temporal for the API, and of the worker's own client (activities and
 * the bootstrap that start term clocks): encrypted payloads, signed updates, starts and signals.
 */
export function trustedClientOptions(
  trust: TrustConfig,
  opts: { clock?: () => number } = {},
): Pick<ClientOptions, 'dataConverter' | 'interceptors'> {
  return {
    dataConverter: { payloadCodecs: [new AesGcmPayloadCodec(trust.payload.keys)] },
    interceptors: { workflow: [new ActorAssertionClientInterceptor(trust.assertion.keys[0]!, opts.clock)] },
  };
}

type WebpackConfigHook = NonNullable<NonNullable<WorkerOptions['bundlerOptions']>['webpackConfigHook']>;
type WebpackConfig = Parameters<WebpackConfigHook>[0];

interface DefineCompiler {
  webpack: { DefinePlugin: new (definitions: Record<string, string>) => { apply(compiler: unknown): void } };
}

/**
 * Worker options for the trust setup: the payload codec, and the assertion interceptor with its keys written into the
 * workflow bundle (webpack DefinePlugin: the sandbox reads no environment). Needs `workflowsPath` bundling at start;
 * a pre-built bundle carries no keys and refuses every update.
 */
export function workerTrustOptions(
  trust: TrustConfig,
): Pick<WorkerOptions, 'dataConverter' | 'bundlerOptions'> & { workflowModules: string[] } {
  const settings = trustSettingsJson(trust);
  const webpackConfigHook: WebpackConfigHook = (config: WebpackConfig) => ({
    ...config,
    plugins: [
      ...(config.plugins ?? []),
      {
        apply(compiler: unknown) {
          const { DefinePlugin } = (compiler as DefineCompiler).webpack;
          new DefinePlugin({
            __BRANCHFLOW_ACTOR_TRUST__: JSON.stringify(settings),
            __BRANCHFLOW_ACTOR_TRUST_ID__: JSON.stringify(trustBundleId(trust)),
          }).apply(compiler);
        },
      },
    ],
  });
  return {
    dataConverter: { payloadCodecs: [new AesGcmPayloadCodec(trust.payload.keys)] },
    bundlerOptions: { webpackConfigHook },
    workflowModules: [actorAssertionInterceptorModule()],
  };
}

function trustSettingsJson(trust: TrustConfig): string {
  return JSON.stringify({
    maxAgeMs: trust.assertion.maxAgeMs,
    keys: trust.assertion.keys.map((k) => ({ kid: k.kid, key: base64UrlEncode(k.key) })),
  });
}

/** A digest naming the assertion settings a bundle was built with (no key material); written into the bundle. */
export function trustBundleId(trust: TrustConfig): string {
  return `branchflow-trust-${createHash('sha256').update(trustSettingsJson(trust)).digest('hex').slice(0, 32)}`;
}

/** True when a pre-built workflow bundle was built with these assertion settings (bundleWorkflowCode + the hook). */
export function bundleCarriesTrust(codePath: string, trust: TrustConfig): boolean {
  try {
    return readFileSync(codePath, 'utf8').includes(trustBundleId(trust));
  } catch {
    return false;
  }
}
