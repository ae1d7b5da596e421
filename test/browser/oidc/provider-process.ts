import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export interface OidcProviderProcess {
  issuer: string;
  clientId: string;
  audience: string;
  /** PEM (SPKI) of the signing key: what the API verifies the access tokens with */
  publicKeyPem: string;
  stop(): Promise<void>;
}

/** A free TCP port on the loopback interface (the issuer URL must be known before the API starts). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** A signing key for the provider (private JWK) and the API (public PEM). */
export function signingKey(): { privateJwk: Record<string, unknown>; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateJwk: { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' },
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

/**
 * Starts test/browser/oidc/provider.mjs (oidc-provider, ESM) as a child process on `port` and waits for it to listen.
 * Fails with the child's output when it does not come up.
 */
export async function startOidcProvider(opts: {
  port: number;
  consoleOrigin: string;
  key: { privateJwk: Record<string, unknown>; publicKeyPem: string };
  accessTokenTtlSeconds: number;
}): Promise<OidcProviderProcess> {
  const issuer = `http://127.0.0.1:${opts.port}`;
  const clientId = 'branchflow-console';
  const audience = 'urn:branchflow:api';
  const child: ChildProcess = spawn(process.execPath, [resolve(__dirname, 'provider.mjs')], {
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      OIDC_PORT: String(opts.port),
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: clientId,
      OIDC_AUDIENCE: audience,
      OIDC_REDIRECT_URI: `${opts.consoleOrigin}/auth/callback`,
      OIDC_POST_LOGOUT_URI: `${opts.consoleOrigin}/sign-in`,
      OIDC_SIGNING_JWK: JSON.stringify(opts.key.privateJwk),
      OIDC_ACCESS_TOKEN_TTL: String(opts.accessTokenTtlSeconds),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`OIDC provider did not start in 20 s:\n${output.join('')}`)), 20_000);
    child.stdout?.on('data', (d: Buffer) => {
      output.push(d.toString());
      if (d.toString().includes('provider ready')) {
        clearTimeout(timer);
        ready();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`OIDC provider exited (code ${code}):\n${output.join('')}`));
    });
  });
  return {
    issuer,
    clientId,
    audience,
    publicKeyPem: opts.key.publicKeyPem,
    stop: () =>
      new Promise((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
