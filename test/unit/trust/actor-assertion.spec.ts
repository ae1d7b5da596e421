import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { WorkflowSignalInput, WorkflowStartInput } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { ActorAssertionClientInterceptor } from '../../../libs/temporal-trust';
import {
  argumentsDigest,
  base64UrlDecode,
  base64UrlEncode,
  canonicalJson,
  hmacSha256,
  readAssertionClaims,
  sha256,
  signActorAssertion,
  startActorOf,
  toHex,
  utf8,
  verifyActorAssertion,
  type ActorAssertionClaims,
  type AssertionKey,
} from '../../../libs/contracts/actor-assertion.contract';

const key: AssertionKey = { kid: 'k1', key: new Uint8Array(randomBytes(32)) };
const oldKey: AssertionKey = { kid: 'k0', key: new Uint8Array(randomBytes(32)) };
const args = [
  {
    actor: {
      userId: 'u-pg-edu',
      displayName: '教育厅党组',
      roles: [{ role: 'approver', at: 'pg-edu' }],
      adminOrgIds: [],
    },
    taskId: 'establishment:org-x/C2/1',
    outcome: 'approve',
    comment: '同意 👍',
    payload: undefined,
  },
];
const now = 1_800_000_000_000;

function claims(overrides: Partial<ActorAssertionClaims> = {}): ActorAssertionClaims {
  return {
    v: 1,
    sub: 'u-pg-edu',
    upd: 'decideTask',
    wf: 'establishment:org-x',
    uid: 'click-1',
    iat: now,
    arg: argumentsDigest(args),
    ...overrides,
  };
}

const check = (overrides: Partial<Parameters<typeof verifyActorAssertion>[2]> = {}) => ({
  updateName: 'decideTask',
  workflowId: 'establishment:org-x',
  updateId: 'click-1',
  args: JSON.parse(JSON.stringify(args)) as unknown[], // as the workflow receives them, after the JSON round trip
  now,
  maxAgeMs: 300_000,
  ...overrides,
});

describe('pure-TS SHA-256 and HMAC (the workflow sandbox has no node:crypto)', () => {
  it.each([0, 1, 55, 56, 63, 64, 65, 119, 1000, 100_000])('sha256 of %i bytes equals node:crypto', (size) => {
    const data = randomBytes(size);
    expect(toHex(sha256(new Uint8Array(data)))).toBe(createHash('sha256').update(data).digest('hex'));
  });

  it('knows the FIPS 180-2 test vector', () => {
    expect(toHex(sha256(utf8('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it.each([0, 16, 32, 64, 65, 200])('hmacSha256 with a %i-byte key equals node:crypto', (size) => {
    const k = randomBytes(size);
    const message = randomBytes(300);
    expect(toHex(hmacSha256(new Uint8Array(k), new Uint8Array(message)))).toBe(
      createHmac('sha256', k).update(message).digest('hex'),
    );
  });

  it('encodes UTF-8 as Buffer does, and base64url both ways', () => {
    const text = '党支部 a\u00e9\u{1F600} \u0000';
    expect(Buffer.from(utf8(text)).equals(Buffer.from(text, 'utf8'))).toBe(true);
    for (const size of [0, 1, 2, 3, 4, 31, 32, 33]) {
      const bytes = new Uint8Array(randomBytes(size));
      const encoded = base64UrlEncode(bytes);
      expect(encoded).toBe(Buffer.from(bytes).toString('base64url'));
      expect(Buffer.from(base64UrlDecode(encoded)!).equals(Buffer.from(bytes))).toBe(true);
    }
    expect(base64UrlDecode('a*b')).toBeNull();
  });

  it('writes canonical JSON: sorted keys, undefined members dropped, the same after a JSON round trip', () => {
    const value = { b: 1, a: { d: [1, undefined, 'x'], c: undefined }, e: new Date(0) };
    expect(canonicalJson(value)).toBe('{"a":{"d":[1,null,"x"]},"b":1,"e":"1970-01-01T00:00:00.000Z"}');
    expect(canonicalJson(JSON.parse(JSON.stringify(value)))).toBe(canonicalJson(value));
  });
});

describe('actor assertions', () => {
  it('accepts the assertion the API signed for exactly this update', () => {
    const token = signActorAssertion(claims(), key);
    expect(verifyActorAssertion(token, [key], check())).toEqual({ ok: true, claims: claims() });
  });

  it('accepts an assertion signed with an older key still in the ring (rotation)', () => {
    const token = signActorAssertion(claims(), oldKey);
    expect(verifyActorAssertion(token, [key, oldKey], check()).ok).toBe(true);
    expect(verifyActorAssertion(token, [key], check())).toEqual({ ok: false, reason: 'unknown-key' });
  });

  it('refuses a missing or malformed assertion', () => {
    expect(verifyActorAssertion(undefined, [key], check())).toEqual({ ok: false, reason: 'missing' });
    expect(verifyActorAssertion('', [key], check())).toEqual({ ok: false, reason: 'missing' });
    expect(verifyActorAssertion('v1.k1.abc', [key], check())).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyActorAssertion({ sub: 'u-admin' }, [key], check())).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses a forged one: signed with another key under a known id, or claims edited after signing', () => {
    const forged = signActorAssertion(claims(), { kid: 'k1', key: new Uint8Array(randomBytes(32)) });
    expect(verifyActorAssertion(forged, [key], check())).toEqual({ ok: false, reason: 'forged' });
    const [v, kid, , sig] = signActorAssertion(claims(), key).split('.');
    const edited = base64UrlEncode(utf8(JSON.stringify(claims({ sub: 'u-admin' }))));
    expect(verifyActorAssertion([v, kid, edited, sig].join('.'), [key], check())).toEqual({
      ok: false,
      reason: 'forged',
    });
  });

  it('refuses a stale one, and one from the future beyond the window', () => {
    const token = signActorAssertion(claims(), key);
    expect(verifyActorAssertion(token, [key], check({ now: now + 300_001 }))).toEqual({ ok: false, reason: 'stale' });
    expect(verifyActorAssertion(token, [key], check({ now: now - 300_001 }))).toEqual({ ok: false, reason: 'stale' });
    expect(verifyActorAssertion(token, [key], check({ now: now + 299_000 })).ok).toBe(true);
  });

  it('refuses an assertion copied onto another update, workflow, update id, actor or arguments', () => {
    const token = signActorAssertion(claims(), key);
    const other = JSON.parse(JSON.stringify(args)) as { outcome: string; actor: { roles: unknown[] } }[];
    other[0]!.outcome = 'reject';
    const moreRoles = JSON.parse(JSON.stringify(args)) as { actor: { roles: unknown[] } }[];
    moreRoles[0]!.actor.roles.push({ role: 'admin', at: 'org-wc' });
    for (const c of [
      check({ updateName: 'cancelCase' }),
      check({ workflowId: 'establishment:org-y' }),
      check({ updateId: 'click-2' }),
      check({ args: other }),
      check({ args: moreRoles }),
    ]) {
      expect(verifyActorAssertion(token, [key], c)).toEqual({ ok: false, reason: 'mismatch' });
    }
  });
});

describe('assertions on starts and signals', () => {
  const input = {
    caseId: 'establishment:org-x',
    orgId: 'org-x',
    submittedBy: 'u-clerk',
    request: { reasons: '党员10名' },
  };
  const startClaims = (overrides: Partial<ActorAssertionClaims> = {}): ActorAssertionClaims => ({
    v: 1,
    k: 'start',
    sub: 'u-clerk',
    upd: 'establishmentWorkflow',
    wf: 'establishment:org-x',
    uid: 'random-1',
    iat: now,
    arg: argumentsDigest([input]),
    ...overrides,
  });
  const startCheck = (overrides: Partial<Parameters<typeof verifyActorAssertion>[2]> = {}) => ({
    kind: 'start' as const,
    updateName: 'establishmentWorkflow',
    workflowId: 'establishment:org-x',
    updateId: '',
    args: [JSON.parse(JSON.stringify(input)) as unknown],
    now,
    maxAgeMs: 300_000,
    ...overrides,
  });

  it('names the actor of a start by the submitter of its input, or none (a term clock)', () => {
    expect(startActorOf([input])).toBe('u-clerk');
    expect(startActorOf([{ startedBy: 'u-sec-fin-budget' }])).toBe('u-sec-fin-budget');
    expect(startActorOf([{ orgId: 'org-x', termNo: 1 }])).toBeNull();
    expect(startActorOf([])).toBeNull();
  });

  it('accepts a start assertion for this type, id and input; the start id is not compared', () => {
    const token = signActorAssertion(startClaims(), key);
    expect(verifyActorAssertion(token, [key], startCheck()).ok).toBe(true);
    expect(verifyActorAssertion(token, [key], startCheck({ updateId: 'anything' })).ok).toBe(true);
  });

  it('refuses a start assertion for another type, id, input or submitter, and an assertion of another kind', () => {
    const token = signActorAssertion(startClaims(), key);
    const otherSubmitter = [{ ...input, submittedBy: 'u-admin' }];
    for (const c of [
      startCheck({ updateName: 'admissionWorkflow' }),
      startCheck({ workflowId: 'establishment:org-y' }),
      startCheck({ args: otherSubmitter }),
      startCheck({ kind: 'signal' }),
      startCheck({ kind: 'update' }),
    ]) {
      expect(verifyActorAssertion(token, [key], c)).toEqual({ ok: false, reason: 'mismatch' });
    }
    // an update's assertion (no `k`) is not a start's, and the reverse
    const update = signActorAssertion(claims(), key);
    expect(verifyActorAssertion(update, [key], { ...check(), kind: 'start' })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifyActorAssertion(signActorAssertion(startClaims({ sub: null }), key), [key], startCheck())).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('accepts a signal assertion whatever its id (the receiver counts ids), bound to name, target and arguments', () => {
    const shift = { caseId: 'termShift:org-x:1:1', to: '2027-06-01', approvedAt: '2026-12-07T00:00:00.000Z' };
    const signal = (overrides: Partial<ActorAssertionClaims> = {}) =>
      signActorAssertion(
        {
          v: 1,
          k: 'signal',
          sub: null,
          upd: 'termShiftApproved',
          wf: 'termClock:org-x',
          uid: 'termShift:org-x:1:1/run-1/s1',
          iat: now,
          arg: argumentsDigest([shift]),
          ...overrides,
        },
        key,
      );
    const signalCheck = {
      kind: 'signal' as const,
      updateName: 'termShiftApproved',
      workflowId: 'termClock:org-x',
      updateId: '',
      args: [shift],
      now,
      maxAgeMs: 300_000,
    };
    expect(verifyActorAssertion(signal(), [key], signalCheck)).toMatchObject({
      ok: true,
      claims: { uid: 'termShift:org-x:1:1/run-1/s1' },
    });
    expect(verifyActorAssertion(signal(), [key], { ...signalCheck, args: [{ ...shift, to: '2027-12-31' }] })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifyActorAssertion(signal({ wf: 'termClock:org-y' }), [key], signalCheck)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('reads the claims of an assertion without its key (a replaying workflow), and nothing from other text', () => {
    const token = signActorAssertion(startClaims(), key);
    expect(readAssertionClaims(token)).toEqual(startClaims());
    expect(readAssertionClaims('v1.k1.abc')).toBeNull();
    expect(readAssertionClaims(42)).toBeNull();
    expect(readAssertionClaims(`v1.k1.${base64UrlEncode(utf8('{"v":2}'))}.x`)).toBeNull();
  });

  it('the client interceptor signs every start and signal it sends', async () => {
    const interceptor = new ActorAssertionClientInterceptor(key, () => now);
    const tokenOf = (headers: Record<string, Payload>): string =>
      defaultPayloadConverter.fromPayload(headers['branchflow-actor-assertion']!);
    let sent: Record<string, Payload> = {};
    await interceptor.startWithDetails(
      {
        workflowType: 'establishmentWorkflow',
        headers: {},
        options: { workflowId: 'establishment:org-x', taskQueue: 'q', args: [input] },
      } as unknown as WorkflowStartInput,
      async (i) => {
        sent = i.headers;
        return { runId: 'r', eagerlyStarted: false };
      },
    );
    expect(verifyActorAssertion(tokenOf(sent), [key], startCheck()).ok).toBe(true);

    await interceptor.signal(
      {
        signalName: 'lapseLevel',
        args: [{ level: 'none', consecutiveMonths: 0, asOf: '2026-12-01' }],
        workflowExecution: { workflowId: 'lapse:org-x:p-1' },
        headers: {},
      } as WorkflowSignalInput,
      async (i) => {
        sent = i.headers;
      },
    );
    const verified = verifyActorAssertion(tokenOf(sent), [key], {
      kind: 'signal',
      updateName: 'lapseLevel',
      workflowId: 'lapse:org-x:p-1',
      updateId: '',
      args: [{ level: 'none', consecutiveMonths: 0, asOf: '2026-12-01' }],
      now,
      maxAgeMs: 300_000,
    });
    expect(verified).toMatchObject({ ok: true, claims: { k: 'signal', sub: null } });
  });
});
