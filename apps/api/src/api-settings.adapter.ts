import type { AppConfig } from '../../../libs/config';
import type { ApiSettings } from './api-settings';

const DEV_TOKEN_TTL_SECONDS = 12 * 3600;

export function apiSettingsFrom(config: AppConfig): ApiSettings {
  return {
    authMode: config.auth.mode,
    jwtSecret: config.auth.jwtSecret,
    jwtPublicKey: config.auth.jwtPublicKey,
    jwtIssuer: config.auth.jwtIssuer,
    jwksUrl: config.auth.jwksUrl,
    jwtAudience: config.auth.jwtAudience,
    oidc: config.auth.oidc,
    devTokenTtlSeconds: DEV_TOKEN_TTL_SECONDS,
    temporalNamespace: config.temporal.namespace,
    temporalUiUrl: config.temporal.uiUrl,
    caseQueryTimeoutMs: config.temporal.caseQueryTimeoutMs,
    updateTimeoutMs: config.temporal.updateTimeoutMs,
    logLevel: config.log.level,
    storage: config.storage,
    dossierFontPath: config.dossier.fontPath,
    rateLimit: config.http.rateLimit,
    docs: config.http.docs,
    metricsToken: config.http.metricsToken,
    payloadKeys: config.trust.payload.keys,
  };
}
