// A real OpenID Connect provider for the browser tests (oidc-provider 8.8.1, ESM-only, so it runs in this child
// process and not inside CommonJS jest). Started by test/browser/oidc-sign-in.spec.ts through ./provider-process.ts.
// Environment: OIDC_PORT, OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_REDIRECT_URI, OIDC_POST_LOGOUT_URI, OIDC_AUDIENCE,
// OIDC_SIGNING_JWK (the private RSA key as JWK JSON; the API verifies with its public half), OIDC_ACCESS_TOKEN_TTL.
// devInteractions (the provider's built-in login page, any password) is for tests only, never production.
import { URL } from 'node:url';
import Provider from 'oidc-provider';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`provider: ${name} is required`);
  return value;
};

const audience = env('OIDC_AUDIENCE');
const clientId = env('OIDC_CLIENT_ID');
const scope = 'openid profile';

const provider = new Provider(env('OIDC_ISSUER'), {
  clients: [
    {
      client_id: clientId,
      token_endpoint_auth_method: 'none', // public client: authorization code with PKCE
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: [env('OIDC_REDIRECT_URI')],
      post_logout_redirect_uris: [env('OIDC_POST_LOGOUT_URI')],
    },
  ],
  jwks: { keys: [JSON.parse(env('OIDC_SIGNING_JWK'))] },
  pkce: { required: () => true },
  // The console calls the token endpoint from its own origin.
  clientBasedCORS: (ctx, origin) => origin === new URL(env('OIDC_REDIRECT_URI')).origin,
  findAccount: (ctx, id) => ({ accountId: id, claims: () => ({ sub: id, name: id }) }),
  // Access tokens for the API: JWT (RS256) with the API as audience and the account as subject.
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => audience,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope,
        audience,
        accessTokenTTL: Number(process.env.OIDC_ACCESS_TOKEN_TTL ?? 600),
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
  // First-party console: no consent screen; the grant covers the console's scopes and the API.
  loadExistingGrant: async (ctx) => {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope(scope);
    grant.addResourceScope(audience, scope);
    await grant.save();
    return grant;
  },
  issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
  ttl: { AccessToken: Number(process.env.OIDC_ACCESS_TOKEN_TTL ?? 600) },
});
provider.on('server_error', (ctx, err) => process.stderr.write(`provider server_error: ${err.stack}\n`));

const server = provider.listen(Number(env('OIDC_PORT')), '127.0.0.1', () => {
  process.stdout.write(`provider ready ${env('OIDC_ISSUER')}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
