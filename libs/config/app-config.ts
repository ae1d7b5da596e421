import { z } from 'zod';
import { randomBytes } from 'node:crypto';
import { withInstallKeys } from './install-keys';
import {
  DEV_ASSERTION_KEY,
  DEV_PAYLOAD_KEY,
  MIN_JWT_SECRET_BYTES,
  parseKeyRing,
  sameKey,
  type TrustConfig,
  type TrustKey,
} from './trust-keys';

/**
 * Used only when AUTH_MODE=dev and no JWT key is configured: random, of this process alone (as DEV_ASSERTION_KEY); the
 * entry points take the install's own secret first. Production refuses to start without its own token key.
 */
export const DEV_JWT_SECRET = randomBytes(48).toString('base64');

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const urlWith = (protocols: string[]) =>
  optionalString.refine((v) => v === undefined || protocols.some((p) => v.startsWith(`${p}://`)), {
    message: `must start with ${protocols.map((p) => `${p}://`).join(' or ')}`,
  });

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    /** bind address; default 127.0.0.1 in AUTH_MODE=dev (dev tokens are minted for anyone), 0.0.0.0 otherwise */
    HOST: optionalString,
    DATABASE_URL: urlWith(['postgres', 'postgresql']),
    PGLITE_DIR: z.string().min(1).default('./data/pglite'),
    TEMPORAL_ADDRESS: z
      .string()
      .regex(/^[^\s:]+:\d+$/, 'must be host:port')
      .default('127.0.0.1:7233'),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_TLS_CERT: optionalString,
    TEMPORAL_TLS_KEY: optionalString,
    TEMPORAL_TLS_CA: optionalString,
    TEMPORAL_UI_URL: z.url().default('http://127.0.0.1:8233'),
    /** a case read asks the live workflow this long, then answers from the case record (no worker, outage) */
    CASE_QUERY_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(600),
    /** a decision or command waits this long for the workflow's answer, then answers 504 UPDATE_TIMEOUT */
    UPDATE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(20_000),
    // Fails closed: unset means 'production'; dev mode (minted tokens) only when asked for (`npm start` asks).
    AUTH_MODE: z.enum(['dev', 'production']).optional(),
    JWT_SECRET: optionalString,
    JWT_ISSUER: z.string().min(1).default('branchflow'),
    JWT_PUBLIC_KEY: optionalString,
    /** the identity provider's JSON Web Key Set (RS256/ES256 access tokens), e.g. https://idp/.well-known/jwks.json */
    JWT_JWKS_URL: urlWith(['http', 'https']),
    /** the `aud` every access token must carry */
    JWT_AUDIENCE: z.string().min(1).default('urn:branchflow:api'),
    /** actor assertions (API → workflow): HMAC keys `kid:base64,…` (first signs), each at least 32 bytes */
    ACTOR_ASSERTION_KEYS: optionalString,
    /** how far an assertion's time may be from workflow time */
    ACTOR_ASSERTION_MAX_AGE_MS: z.coerce.number().int().min(1000).max(86_400_000).default(300_000),
    /** Temporal payload encryption (AES-256-GCM): keys `kid:base64,…` (first encrypts), each exactly 32 bytes */
    PAYLOAD_KEYS: optionalString,
    /** requests per minute: token endpoints per client address, write requests (POST/PUT/PATCH/DELETE) per user */
    RATE_LIMIT_TOKEN_PER_MINUTE: z.coerce.number().int().min(1).default(600),
    RATE_LIMIT_WRITE_PER_MINUTE: z.coerce.number().int().min(1).default(6000),
    /** Swagger UI and /api/docs-json: 'on' or 'off' */
    API_DOCS: z.enum(['on', 'off']).default('on'),
    /** when set, GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>` */
    METRICS_TOKEN: optionalString,
    /** OpenID Connect provider the web console signs in with (production): issuer URL and the console's client id */
    OIDC_ISSUER: urlWith(['http', 'https']),
    OIDC_CLIENT_ID: optionalString,
    OIDC_SCOPE: z.string().min(1).default('openid profile'),
    SMTP_URL: urlWith(['smtp', 'smtps']),
    MAIL_FROM: z.string().min(3).default('Branchflow <no-reply@branchflow.local>'),
    /** an email claim older than this belongs to a crashed delivery attempt and is taken over (outbox) */
    MAIL_CLAIM_LEASE_MS: z.coerce.number().int().min(1000).default(120_000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** run the Temporal worker inside the API process (needed with embedded PGlite, which admits one process) */
    EMBEDDED_WORKER: booleanFlag,
    /** a standalone worker serves Prometheus metrics (activity failures) on this port when set */
    WORKER_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    /**
     * workflows kept in the worker's sticky cache; each cached case holds about 1.3 MiB of workflow heap (measured by
     * `npm run bench`), and the SDK default (from the heap limit) let a worker crash near 4,400 parked cases.
     * Evicted cases replay from history on their next timer or decision.
     */
    WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(1).max(100_000).default(500),
    /** public address of the web app, used in links of notification mails; default http://127.0.0.1:<PORT> */
    WEB_BASE_URL: urlWith(['http', 'https']),
    /** folder of the built web console the API serves from `/` (default: apps/web/dist of the repository) */
    WEB_ROOT: optionalString,
    /** attachment storage: 'local' (files under ATTACHMENTS_DIR) or 's3' (described, not built: refused at startup) */
    STORAGE_BACKEND: z.enum(['local', 's3']).default('local'),
    ATTACHMENTS_DIR: z.string().min(1).default('./data/attachments'),
    /** largest accepted attachment in bytes (default 20 MiB) */
    ATTACHMENT_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(1024 * 1024 * 1024)
      .default(20 * 1024 * 1024),
    S3_ENDPOINT: urlWith(['http', 'https']),
    S3_REGION: optionalString,
    S3_BUCKET: optionalString,
    S3_ACCESS_KEY_ID: optionalString,
    S3_SECRET_ACCESS_KEY: optionalString,
    S3_FORCE_PATH_STYLE: booleanFlag,
    /** a .ttf/.ttc/.otf font with Chinese glyphs for the dossier PDF; unset: the usual system paths are searched */
    DOSSIER_FONT: optionalString,
  })
  .superRefine((env, ctx) => {
    const authMode = authModeOf(env);
    // Dev tokens are minted for anyone on request: never in production.
    if (env.NODE_ENV === 'production' && env.AUTH_MODE === 'dev') {
      ctx.addIssue({ code: 'custom', path: ['AUTH_MODE'], message: 'dev is not allowed when NODE_ENV=production' });
    }
    if (authMode === 'production' && !env.JWT_SECRET && !env.JWT_PUBLIC_KEY && !env.JWT_JWKS_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_SECRET'],
        message: 'required when AUTH_MODE=production (or JWT_PUBLIC_KEY or JWT_JWKS_URL)',
      });
    }
    if (authMode === 'production' && env.JWT_SECRET === DEV_JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'the dev secret is not allowed in production' });
    }
    if (env.JWT_SECRET && Buffer.byteLength(env.JWT_SECRET, 'utf8') < MIN_JWT_SECRET_BYTES) {
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_SECRET'],
        message: `must be at least ${MIN_JWT_SECRET_BYTES} bytes (HS256; e.g. openssl rand -base64 48)`,
      });
    }
    for (const [variable, size, dev] of [
      ['ACTOR_ASSERTION_KEYS', { min: 32 }, DEV_ASSERTION_KEY],
      ['PAYLOAD_KEYS', { min: 32, exact: true }, DEV_PAYLOAD_KEY],
    ] as const) {
      const text = env[variable];
      if (text === undefined) {
        if (authMode === 'production') {
          ctx.addIssue({ code: 'custom', path: [variable], message: 'required when AUTH_MODE=production' });
        }
        continue;
      }
      const ring = parseKeyRing(text, size);
      if ('error' in ring) ctx.addIssue({ code: 'custom', path: [variable], message: ring.error });
      else if (authMode === 'production' && ring.keys.some((k) => sameKey(k.key, dev.key))) {
        ctx.addIssue({ code: 'custom', path: [variable], message: 'the dev key is not allowed in production' });
      }
    }
    if (Boolean(env.OIDC_ISSUER) !== Boolean(env.OIDC_CLIENT_ID)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.OIDC_ISSUER ? 'OIDC_CLIENT_ID' : 'OIDC_ISSUER'],
        message: 'OIDC_ISSUER and OIDC_CLIENT_ID must be set together',
      });
    }
    if (Boolean(env.TEMPORAL_TLS_CERT) !== Boolean(env.TEMPORAL_TLS_KEY)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.TEMPORAL_TLS_CERT ? 'TEMPORAL_TLS_KEY' : 'TEMPORAL_TLS_CERT'],
        message: 'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY must be set together',
      });
    }
    if (env.STORAGE_BACKEND === 's3' && !env.S3_BUCKET) {
      ctx.addIssue({ code: 'custom', path: ['S3_BUCKET'], message: 'required when STORAGE_BACKEND=s3' });
    }
  });

export type RawEnv = z.infer<typeof envSchema>;

function authModeOf(env: Pick<RawEnv, 'NODE_ENV' | 'AUTH_MODE'>): 'dev' | 'production' {
  return env.AUTH_MODE ?? 'production';
}

function keyRing(text: string | undefined, size: { min: number; exact?: boolean }, dev: TrustKey): TrustKey[] {
  if (text === undefined) return [dev];
  const ring = parseKeyRing(text, size);
  if ('error' in ring) throw new Error(ring.error); // refused by the schema already
  return ring.keys;
}

/** Typed configuration, one section per concern; nothing outside libs/config reads process.env. */
export interface AppConfig {
  env: RawEnv['NODE_ENV'];
  http: {
    port: number;
    host: string;
    webBaseUrl: string;
    webRoot?: string;
    /** requests per minute (rate limits) */
    rateLimit: { tokenPerMinute: number; writePerMinute: number };
    /** Swagger on or off; a bearer token /metrics requires */
    docs: boolean;
    metricsToken?: string;
  };
  worker: { embedded: boolean; metricsPort?: number; maxCachedWorkflows: number };
  db: { url?: string; pgliteDir: string };
  temporal: {
    address: string;
    namespace: string;
    tls?: { certPath: string; keyPath: string; caPath?: string };
    uiUrl: string;
    caseQueryTimeoutMs: number;
    updateTimeoutMs: number;
  };
  auth: {
    mode: 'dev' | 'production';
    jwtSecret?: string;
    jwtIssuer: string;
    jwtPublicKey?: string;
    jwksUrl?: string;
    jwtAudience: string;
    /** the web console's OpenID Connect client (authorization code with PKCE) */
    oidc?: { issuer: string; clientId: string; scope: string };
  };
  mail: { smtpUrl?: string; from: string; claimLeaseMs: number };
  log: { level: RawEnv['LOG_LEVEL'] };
  storage: StorageConfig;
  dossier: { fontPath?: string };
  /** keys shared by the API and the worker: actor assertions and payload encryption */
  trust: TrustConfig;
}

/** Where attachments live (libs/storage) and how large they may be. */
export interface StorageConfig {
  backend: 'local' | 's3';
  /** root directory of the local-disk backend */
  dir: string;
  maxBytes: number;
  s3?: {
    endpoint?: string;
    region?: string;
    bucket: string;
    accessKeyId?: string;
    secretAccessKey?: string;
    forcePathStyle: boolean;
  };
}

export class ConfigError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(`Invalid environment: ${issues.map((i) => `${i.variable}: ${i.message}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Parses and validates the environment. Throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '(env)'), message: i.message })),
    );
  }
  const e = parsed.data;
  const authMode = authModeOf(e);
  return {
    env: e.NODE_ENV,
    http: {
      port: e.PORT,
      host: e.HOST ?? (authMode === 'dev' ? '127.0.0.1' : '0.0.0.0'),
      rateLimit: { tokenPerMinute: e.RATE_LIMIT_TOKEN_PER_MINUTE, writePerMinute: e.RATE_LIMIT_WRITE_PER_MINUTE },
      docs: e.API_DOCS === 'on',
      metricsToken: e.METRICS_TOKEN,
      webBaseUrl: (e.WEB_BASE_URL ?? `http://127.0.0.1:${e.PORT}`).replace(/\/+$/, ''),
      webRoot: e.WEB_ROOT,
    },
    worker: {
      embedded: e.EMBEDDED_WORKER,
      metricsPort: e.WORKER_METRICS_PORT,
      maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS,
    },
    db: { url: e.DATABASE_URL, pgliteDir: e.PGLITE_DIR },
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      tls:
        e.TEMPORAL_TLS_CERT && e.TEMPORAL_TLS_KEY
          ? { certPath: e.TEMPORAL_TLS_CERT, keyPath: e.TEMPORAL_TLS_KEY, caPath: e.TEMPORAL_TLS_CA }
          : undefined,
      uiUrl: e.TEMPORAL_UI_URL,
      caseQueryTimeoutMs: e.CASE_QUERY_TIMEOUT_MS,
      updateTimeoutMs: e.UPDATE_TIMEOUT_MS,
    },
    auth: {
      mode: authMode,
      jwtSecret: e.JWT_SECRET ?? (authMode === 'dev' ? DEV_JWT_SECRET : undefined),
      jwtIssuer: e.JWT_ISSUER,
      jwtPublicKey: e.JWT_PUBLIC_KEY,
      jwksUrl: e.JWT_JWKS_URL,
      jwtAudience: e.JWT_AUDIENCE,
      oidc:
        e.OIDC_ISSUER && e.OIDC_CLIENT_ID
          ? { issuer: e.OIDC_ISSUER, clientId: e.OIDC_CLIENT_ID, scope: e.OIDC_SCOPE }
          : undefined,
    },
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM, claimLeaseMs: e.MAIL_CLAIM_LEASE_MS },
    log: { level: e.LOG_LEVEL },
    storage: {
      backend: e.STORAGE_BACKEND,
      dir: e.ATTACHMENTS_DIR,
      maxBytes: e.ATTACHMENT_MAX_BYTES,
      s3: e.S3_BUCKET
        ? {
            endpoint: e.S3_ENDPOINT,
            region: e.S3_REGION,
            bucket: e.S3_BUCKET,
            accessKeyId: e.S3_ACCESS_KEY_ID,
            secretAccessKey: e.S3_SECRET_ACCESS_KEY,
            forcePathStyle: e.S3_FORCE_PATH_STYLE,
          }
        : undefined,
    },
    dossier: { fontPath: e.DOSSIER_FONT },
    trust: {
      assertion: {
        keys: keyRing(e.ACTOR_ASSERTION_KEYS, { min: 32 }, DEV_ASSERTION_KEY),
        maxAgeMs: e.ACTOR_ASSERTION_MAX_AGE_MS,
      },
      payload: { keys: keyRing(e.PAYLOAD_KEYS, { min: 32, exact: true }, DEV_PAYLOAD_KEY) },
      devKeys: e.ACTOR_ASSERTION_KEYS === undefined || e.PAYLOAD_KEYS === undefined,
    },
  };
}

let cached: AppConfig | undefined;

/** The process-wide configuration, parsed once on first use. */
export function appConfig(): AppConfig {
  cached ??= loadConfig(process.env);
  return cached;
}

/**
 * Configuration of a process that serves (the API, the worker): in dev mode, keys left unset come from the install's
 * own file under ./data, made on first use (install-keys.ts), so that the processes of one install agree.
 */
export function loadServiceConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  return loadConfig(withInstallKeys(env));
}

/**
 * Configuration for command-line tools run beside the API (`npm run audit:verify`, `npm run cases:stuck`): with
 * neither AUTH_MODE nor NODE_ENV=production set they read the dev settings (`npm start`'s, with the install's keys),
 * since they serve no tokens.
 */
export function loadToolConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const asked = env.AUTH_MODE !== undefined && env.AUTH_MODE !== '';
  return loadServiceConfig(asked || env.NODE_ENV === 'production' ? env : { ...env, AUTH_MODE: 'dev' });
}
