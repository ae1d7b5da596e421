import type { StorageConfig, TrustKey } from '../../../libs/config';

/** The slice of the application config the HTTP API reads (built from libs/config in app-settings.adapter.ts). */
export interface ApiSettings {
  authMode: 'dev' | 'production';
  jwtSecret: string | undefined;
  jwtPublicKey: string | undefined;
  jwtIssuer: string | undefined;
  /** the identity provider's JWKS (production); the `aud` every token must carry */
  jwksUrl: string | undefined;
  jwtAudience: string;
  /** the web console's OpenID Connect client (production sign-in); undefined: none configured */
  oidc: { issuer: string; clientId: string; scope: string } | undefined;
  /** how long dev tokens live */
  devTokenTtlSeconds: number;
  temporalNamespace: string;
  temporalUiUrl: string;
  /** how long a case read waits for the live workflow before it answers from the record */
  caseQueryTimeoutMs: number;
  /** how long a decision or command waits for the workflow's answer (then 504 UPDATE_TIMEOUT) */
  updateTimeoutMs: number;
  logLevel: string;
  /** attachment store and size limit (apps/api/src/attachments) */
  storage: StorageConfig;
  /** font file for the dossier PDF (DOSSIER_FONT); unset: the usual system font paths are searched */
  dossierFontPath: string | undefined;
  /** rate limits (requests per minute), Swagger on/off, the bearer token /metrics needs (issue 8 §4) */
  rateLimit: { tokenPerMinute: number; writePerMinute: number };
  docs: boolean;
  metricsToken: string | undefined;
  /** payload keys, for the Temporal Web UI's codec endpoint (apps/api/src/codec) */
  payloadKeys: TrustKey[];
}

export const API_SETTINGS = Symbol('API_SETTINGS');
export const DATABASE = Symbol('DATABASE');
export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
