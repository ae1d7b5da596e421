import type { UserManager } from 'oidc-client-ts';

/**
 * Who is signed in, for the API client: a dev token (dev mode, from /api/auth/dev-token) or an OpenID Connect user
 * (production, oidc-client-ts keeps it in sessionStorage and refreshes it). Kept outside React; pages subscribe.
 */
const DEV_TOKEN = 'branchflow.devToken';
const MODE = 'branchflow.signInMode';

let manager: UserManager | null = null;
/** Resolves once the console's configuration is known (and the OpenID Connect client made, in production). */
let managerReady: Promise<unknown> = Promise.resolve();

export function waitForSignInSetup(ready: Promise<unknown>): void {
  managerReady = ready.catch(() => undefined);
}
const listeners = new Set<() => void>();

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function changed(): void {
  for (const l of listeners) l();
}

export function registerOidcManager(userManager: UserManager): void {
  manager = userManager;
  sessionStorage.setItem(MODE, 'oidc');
  userManager.events.addUserLoaded(changed);
  userManager.events.addUserUnloaded(changed);
  userManager.events.addSilentRenewError(() => signOutLocally('expired'));
}

export function signInWithDevToken(token: string): void {
  sessionStorage.setItem(DEV_TOKEN, token);
  sessionStorage.setItem(MODE, 'dev');
  changed();
}

export async function accessToken(): Promise<string | null> {
  if (sessionStorage.getItem(MODE) === 'oidc' && !manager) await managerReady;
  if (sessionStorage.getItem(MODE) === 'oidc' && manager) {
    const user = await manager.getUser();
    return user && !user.expired ? user.access_token : null;
  }
  return sessionStorage.getItem(DEV_TOKEN);
}

/** A dev-mode session is known without any setup (an OpenID Connect one needs its client first). */
export function hasDevSession(): boolean {
  return sessionStorage.getItem(MODE) === 'dev' && sessionStorage.getItem(DEV_TOKEN) !== null;
}

export async function isSignedIn(): Promise<boolean> {
  return (await accessToken()) !== null;
}

/** Forgets the session here (the identity provider's session ends with `signOut`). */
export function signOutLocally(reason: 'expired' | 'signedOut'): void {
  sessionStorage.removeItem(DEV_TOKEN);
  const wasOidc = sessionStorage.getItem(MODE) === 'oidc';
  sessionStorage.removeItem(MODE);
  if (wasOidc) void manager?.removeUser();
  changed();
  if (!location.pathname.startsWith('/sign-in') && !location.pathname.startsWith('/auth/')) {
    const next = encodeURIComponent(location.pathname + location.search);
    location.assign(`/sign-in?reason=${reason}&next=${next}`);
  }
}

/** Signs out: at the identity provider too when signed in through it. */
export async function signOut(): Promise<void> {
  if (sessionStorage.getItem(MODE) === 'oidc' && manager) {
    sessionStorage.removeItem(MODE);
    await manager.signoutRedirect();
    return;
  }
  signOutLocally('signedOut');
}
