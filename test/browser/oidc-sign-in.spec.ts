import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { startE2eStack, type E2eStack } from '../e2e/harness/e2e-stack';
import { axeScan, launchChromium, screenshot, type Browser } from './harness/chromium';
import { freePort, signingKey, startOidcProvider, type OidcProviderProcess } from './oidc/provider-process';

jest.setTimeout(180_000);

const WEB_ROOT = resolve(__dirname, '../../apps/web/dist');

/**
 * Production sign-in: AUTH_MODE=production, a real OpenID Connect provider (oidc-provider in a child process), the
 * console's authorization code flow with PKCE (oidc-client-ts), the API verifying the provider's RS256 access tokens
 * (typ at+jwt, audience urn:branchflow:api) against the provider's JWKS and mapping their subject to a Branchflow user; then a token refresh and the sign-out at the provider.
 */
describe('production sign-in through OpenID Connect in Chromium', () => {
  let stack: E2eStack;
  let provider: OidcProviderProcess;
  let browser: Browser;
  let page: Page;
  const key = signingKey();
  let issuer = '';

  beforeAll(async () => {
    const port = await freePort();
    issuer = `http://127.0.0.1:${port}`;
    stack = await startE2eStack({
      lane: 'pglite',
      env: {
        WEB_ROOT,
        AUTH_MODE: 'production',
        // the API reads the provider's signing keys from its JWKS (fetched on the first token, after the provider
        // started below), and accepts only its access tokens for the API's audience, with an expiry
        JWT_ISSUER: issuer,
        JWT_JWKS_URL: `${issuer}/jwks`,
        JWT_AUDIENCE: 'urn:branchflow:api',
        OIDC_ISSUER: issuer,
        OIDC_CLIENT_ID: 'branchflow-console',
        OIDC_SCOPE: 'openid profile',
      },
    });
    // access tokens live 65 s: oidc-client-ts renews 60 s before expiry, so the refresh comes after about 5 s
    provider = await startOidcProvider({ port, consoleOrigin: stack.baseUrl, key, accessTokenTtlSeconds: 65 });
    browser = await launchChromium();
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    if (page) await screenshot(page, 'oidc-last-page').catch(() => undefined);
    await browser?.close();
    await provider?.stop();
    await stack?.stop();
  });

  const storedToken = () =>
    page.evaluate<string | null>(
      `(() => { const u = sessionStorage.getItem('oidc.user:${issuer}:branchflow-console'); return u ? JSON.parse(u).access_token : null; })()`,
    );

  it('signs in at the provider with PKCE, calls the API with its token, refreshes it and signs out', async () => {
    // dev sign-in is off in production
    expect((await fetch(`${stack.baseUrl}/api/auth/dev-users`)).status).toBe(404);

    await page.goto(`${stack.baseUrl}/inbox`);
    await page.waitForURL(/\/sign-in/);
    await screenshot(page, 'sign-in-oidc');
    expect(await axeScan(page, 'sign-in-oidc')).toEqual([]);
    const authorizeRequests: string[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith(`${issuer}/auth`)) authorizeRequests.push(r.url());
    });
    await page.getByRole('button', { name: '使用统一身份认证登录' }).click();

    // the provider's own login page (devInteractions), on the provider's origin
    await page.waitForURL((url) => url.origin === issuer);
    expect(new URL(page.url()).origin).toBe(issuer);
    await page.locator('input[name="login"]').fill('u-admin');
    await page.locator('input[name="password"]').fill('any');
    await page.locator('button[type="submit"]').click();

    await page.waitForURL(`${stack.baseUrl}/inbox`);
    await page.getByTestId('signed-in-user').filter({ hasText: '系统管理员' }).waitFor();
    const first = await storedToken();
    expect(first).toBeTruthy();
    const [header, payload] = first!
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>);
    expect(header).toMatchObject({ typ: 'at+jwt', alg: 'RS256' });
    expect(payload).toMatchObject({ iss: issuer, sub: 'u-admin', aud: 'urn:branchflow:api', exp: expect.any(Number) });
    // the API verifies it with the provider's JWKS (no key of its own): the same token read directly works
    const me = await fetch(`${stack.baseUrl}/api/inbox`, { headers: { authorization: `Bearer ${first}` } });
    expect(me.status).toBe(200);
    const tampered = `${first!.slice(0, -4)}AAAA`;
    expect(
      (await fetch(`${stack.baseUrl}/api/inbox`, { headers: { authorization: `Bearer ${tampered}` } })).status,
    ).toBe(401);
    // authorization code flow with a PKCE challenge (the provider also refuses a code request without one)
    const authorize = new URL(authorizeRequests[0]!);
    expect(authorize.searchParams.get('response_type')).toBe('code');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toBeTruthy();

    // the console renews the access token with the refresh token before it expires, and keeps working
    let renewed: string | null = first;
    for (let i = 0; i < 60 && renewed === first; i++) {
      await page.waitForTimeout(500);
      renewed = await storedToken();
    }
    expect(renewed).toBeTruthy();
    expect(renewed).not.toBe(first);
    await page.goto(`${stack.baseUrl}/admin/cases`);
    await page.getByTestId('signed-in-user').filter({ hasText: '系统管理员' }).waitFor();

    // sign-out ends the provider session too and returns to the sign-in page
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL((url) => url.origin === issuer);
    await page.locator('button[autofocus], form button[type="submit"]').first().click();
    await page.waitForURL(/\/sign-in/);
    expect(await storedToken()).toBeNull();
    await page.goto(`${stack.baseUrl}/inbox`);
    await page.waitForURL(/\/sign-in/);
  });
});
