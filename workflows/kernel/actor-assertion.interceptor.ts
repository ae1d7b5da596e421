import { defaultPayloadConverter } from '@temporalio/common';
import {
  ApplicationFailure,
  workflowInfo,
  type Next,
  type UpdateInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptorsFactory,
} from '@temporalio/workflow';
import {
  ACTOR_ASSERTION_HEADER,
  ACTOR_ASSERTION_REFUSED,
  base64UrlDecode,
  verifyActorAssertion,
  type AssertionKey,
  type AssertionRefusal,
} from '../../libs/contracts/actor-assertion.contract';

/**
 * Worker-side check of signed actor assertions (issue 8 §4). Installed by the worker factory (apps/worker) together
 * with the keys, which the bundler writes into the workflow bundle in place of `__BRANCHFLOW_ACTOR_TRUST__` (the
 * sandbox reads no environment). Every update must carry an assertion signed with one of those keys, bound to this
 * workflow, this update's name, id and arguments, and issued within `maxAgeMs` of workflow time; otherwise the
 * validator refuses it before any workflow validator runs, and it never enters history.
 *
 * Validators run only for new updates, never on replay: histories recorded before assertions existed replay as before.
 */
declare const __BRANCHFLOW_ACTOR_TRUST__: string | undefined;
declare const __BRANCHFLOW_ACTOR_TRUST_ID__: string | undefined;

/** The digest of the settings this bundle carries: lets a worker recognise a pre-built bundle made with its keys. */
export const ACTOR_TRUST_BUNDLE_ID =
  typeof __BRANCHFLOW_ACTOR_TRUST_ID__ === 'string' ? __BRANCHFLOW_ACTOR_TRUST_ID__ : null;

interface TrustSettings {
  keys: AssertionKey[];
  maxAgeMs: number;
}

let settings: TrustSettings | null | undefined;

function trustSettings(): TrustSettings | null {
  if (settings !== undefined) return settings;
  settings = null;
  if (typeof __BRANCHFLOW_ACTOR_TRUST__ === 'string') {
    const raw = JSON.parse(__BRANCHFLOW_ACTOR_TRUST__) as { keys: { kid: string; key: string }[]; maxAgeMs: number };
    settings = {
      maxAgeMs: raw.maxAgeMs,
      keys: raw.keys.map((k) => ({ kid: k.kid, key: base64UrlDecode(k.key) ?? new Uint8Array() })),
    };
  }
  return settings;
}

const MESSAGES: Record<AssertionRefusal | 'no-keys', [string, string]> = {
  missing: ['该操作缺少接口签发的身份声明，已拒绝', 'The update carries no actor assertion from the API'],
  malformed: ['身份声明格式无效，已拒绝', 'The actor assertion is malformed'],
  'unknown-key': ['身份声明的签名密钥未知，已拒绝', 'The actor assertion names an unknown key'],
  forged: ['身份声明签名无效，已拒绝', 'The actor assertion signature is invalid'],
  stale: ['身份声明已过期，已拒绝', 'The actor assertion is stale'],
  mismatch: ['身份声明与本次操作不符，已拒绝', 'The actor assertion does not match this update'],
  'no-keys': ['工作进程未配置身份声明密钥，已拒绝', 'The worker holds no actor-assertion key'],
};

export function refuseAssertion(reason: AssertionRefusal | 'no-keys'): never {
  const [message, messageEn] = MESSAGES[reason];
  throw ApplicationFailure.create({
    type: ACTOR_ASSERTION_REFUSED,
    message: messageEn,
    nonRetryable: true,
    details: [
      {
        code: ACTOR_ASSERTION_REFUSED,
        kind: 'forbidden',
        rule: 'issue 8 §4 (signed actor assertions)',
        message,
        messageEn,
        numbers: { reason },
      },
    ],
  });
}

class ActorAssertionInbound implements WorkflowInboundCallsInterceptor {
  validateUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'validateUpdate'>): void {
    const trust = trustSettings();
    if (!trust || trust.keys.length === 0) refuseAssertion('no-keys');
    const header = input.headers[ACTOR_ASSERTION_HEADER];
    let token: unknown;
    try {
      token = header ? defaultPayloadConverter.fromPayload(header) : undefined;
    } catch {
      refuseAssertion('malformed');
    }
    const result = verifyActorAssertion(token, trust.keys, {
      updateName: input.name,
      workflowId: workflowInfo().workflowId,
      updateId: input.updateId,
      args: input.args,
      now: Date.now(),
      maxAgeMs: trust.maxAgeMs,
    });
    if (!result.ok) refuseAssertion(result.reason);
    next(input);
  }
}

export const interceptors: WorkflowInterceptorsFactory = () => ({ inbound: [new ActorAssertionInbound()] });
