import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { registerOidcManager } from './session';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  scope: string;
}

let created: UserManager | null = null;

/**
 * The OpenID Connect client of the console: authorization code with PKCE (oidc-client-ts does PKCE for the code
 * flow), tokens in sessionStorage, refreshed before they expire (refresh token when the provider issues one).
 */
export function oidcManager(settings: OidcSettings): UserManager {
  if (created) return created;
  created = new UserManager({
    authority: settings.issuer,
    client_id: settings.clientId,
    redirect_uri: `${location.origin}/auth/callback`,
    post_logout_redirect_uri: `${location.origin}/sign-in`,
    response_type: 'code',
    scope: settings.scope,
    automaticSilentRenew: true,
    userStore: new WebStorageStateStore({ store: sessionStorage }),
  });
  registerOidcManager(created);
  return created;
}
