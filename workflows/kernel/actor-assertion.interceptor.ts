import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import {
  ApplicationFailure,
  log,
  patched,
  workflowInfo,
  type Next,
  type SignalInput,
  type SignalWorkflowInput,
  type UpdateInput,
  type WorkflowExecuteInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptorsFactory,
  type WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';
import {
  ACTOR_ASSERTION_HEADER,
  ACTOR_ASSERTION_REFUSED,
  SIGNAL_ASSERTION_MAX_AGE_MS,
  actorIdOf,
  argumentsDigest,
  base64UrlDecode,
  readAssertionClaims,
  signActorAssertion,
  verifyActorAssertion,
  type AssertionKey,
  type AssertionRefusal,
} from '../../libs/contracts/actor-assertion.contract';

/**
 * Worker-side check of signed actor assertions (issue 8 §4). Installed by the worker factory (apps/worker) together
 * with the keys, which the bundler writes into the workflow bundle in place of `__BRANCHFLOW_ACTOR_TRUST__` (the
 * sandbox reads no environment).
 *
 * - Updates must carry an assertion signed with one of those keys, bound to this workflow, this update's name, id and
 *   arguments, and issued within `maxAgeMs` of workflow time; otherwise the validator refuses it before any workflow
 *   validator runs, and it never enters history. Validators run only for new updates, never on replay.
 * - A start from outside (the API, or the worker's own client for term clocks) must carry an assertion bound to the
 *   workflow type, id and input, issued within `maxAgeMs` of the time the server recorded the start; otherwise the
 *   workflow fails at once with ACTOR_ASSERTION_REFUSED (non-retryable), before its first step: nothing is projected,
 *   no task reaches an inbox. A child workflow or a continued run needs none: the server attests its lineage (the
 *   parent, or the run it continues), which no client of the frontend can set, and that run was checked itself.
 * - Signals must carry an assertion bound to this workflow, the signal's name and arguments, at most
 *   SIGNAL_ASSERTION_MAX_AGE_MS old, with an id this run has not accepted before; a refused signal is dropped and
 *   logged. Workflows sign the signals they send each other here, with the first key.
 *
 * Starts and signals are handled on replay too, unlike validators, so their verdict must not be computed again: a key
 * retired since, or a change to these checks, would then turn an accepted start or signal into a refused one (or the
 * reverse) and break the case with a nondeterminism error. A refusal is recorded in history as a marker
 * (`patched('branchflow-refused:…')`) when it happens; on replay the marker, not the check, decides. Accepting emits no
 * command at all, so the histories of cases that started before these checks (no markers) replay as they ran.
 */
declare const __BRANCHFLOW_ACTOR_TRUST__: string | undefined;
declare const __BRANCHFLOW_ACTOR_TRUST_ID__: string | undefined;

/** The digest of the settings this bundle carries: lets a worker recognise a pre-built bundle made with its keys. */
export const ACTOR_TRUST_BUNDLE_ID =
  typeof __BRANCHFLOW_ACTOR_TRUST_ID__ === 'string' ? __BRANCHFLOW_ACTOR_TRUST_ID__ : null;

/** Marker recorded when a start is refused, and the prefix of those recorded for refused signals (n-th signal). */
export const START_REFUSED_MARKER = 'branchflow-refused:start';
export const SIGNAL_REFUSED_MARKER_PREFIX = 'branchflow-refused:signal:';

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

type Refusal = AssertionRefusal | 'no-keys' | 'recorded';

const MESSAGES: Record<Refusal, [string, string]> = {
  missing: ['该操作缺少接口签发的身份声明，已拒绝', 'The update carries no actor assertion from the API'],
  malformed: ['身份声明格式无效，已拒绝', 'The actor assertion is malformed'],
  'unknown-key': ['身份声明的签名密钥未知，已拒绝', 'The actor assertion names an unknown key'],
  forged: ['身份声明签名无效，已拒绝', 'The actor assertion signature is invalid'],
  stale: ['身份声明已过期，已拒绝', 'The actor assertion is stale'],
  mismatch: ['身份声明与本次操作不符，已拒绝', 'The actor assertion does not match this update'],
  replayed: ['该身份声明已被使用过，已拒绝', 'The actor assertion was used before'],
  'no-keys': ['工作进程未配置身份声明密钥，已拒绝', 'The worker holds no actor-assertion key'],
  recorded: ['身份声明在首次执行时已被拒绝', 'The actor assertion was refused when this run first executed'],
};

export function refuseAssertion(reason: Refusal, what: 'update' | 'start' = 'update'): never {
  const [message, messageEn] = MESSAGES[reason];
  const [prefix, prefixEn] = what === 'start' ? ['拒绝启动：', 'Start refused: '] : ['', ''];
  throw ApplicationFailure.create({
    type: ACTOR_ASSERTION_REFUSED,
    message: `${prefixEn}${messageEn}`,
    nonRetryable: true,
    details: [
      {
        code: ACTOR_ASSERTION_REFUSED,
        kind: 'forbidden',
        rule: 'issue 8 §4 (signed actor assertions)',
        message: `${prefix}${message}`,
        messageEn: `${prefixEn}${messageEn}`,
        numbers: { reason },
      },
    ],
  });
}

function tokenOf(headers: Record<string, Payload>): { token: unknown } | null {
  const header = headers[ACTOR_ASSERTION_HEADER];
  try {
    return { token: header ? defaultPayloadConverter.fromPayload(header) : undefined };
  } catch {
    return null;
  }
}

/**
 * The verdict on a start or signal: checked when first run, with a refusal recorded as the marker `markerId`; read
 * back from that marker on replay (see the module comment).
 */
function verdict(markerId: string, check: () => Exclude<Refusal, 'recorded'> | null): Refusal | null {
  if (workflowInfo().unsafe.isReplaying) return patched(markerId) ? 'recorded' : null;
  const refusal = check();
  if (refusal !== null) patched(markerId);
  return refusal;
}

class ActorAssertionInbound implements WorkflowInboundCallsInterceptor {
  /** signals handled by this run so far: numbers their refusal markers */
  private signals = 0;
  /** ids of the signals this run accepted: a copy sent again is refused */
  private readonly acceptedSignalIds = new Set<string>();

  validateUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'validateUpdate'>): void {
    const trust = trustSettings();
    if (!trust || trust.keys.length === 0) refuseAssertion('no-keys');
    const read = tokenOf(input.headers);
    if (!read) refuseAssertion('malformed');
    const result = verifyActorAssertion(read.token, trust.keys, {
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

  async execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    const info = workflowInfo();
    if (info.parent === undefined && info.continuedFromExecutionRunId === undefined) {
      const refusal = verdict(START_REFUSED_MARKER, () => {
        const trust = trustSettings();
        if (!trust || trust.keys.length === 0) return 'no-keys';
        const read = tokenOf(input.headers);
        if (!read) return 'malformed';
        const result = verifyActorAssertion(read.token, trust.keys, {
          kind: 'start',
          updateName: info.workflowType,
          workflowId: info.workflowId,
          updateId: '',
          args: input.args,
          // the time the server recorded the start, not this task's: a start that waited for a worker stays valid
          now: info.startTime.getTime(),
          maxAgeMs: trust.maxAgeMs,
        });
        return result.ok ? null : result.reason;
      });
      if (refusal !== null) refuseAssertion(refusal, 'start');
    }
    return next(input);
  }

  async handleSignal(input: SignalInput, next: Next<WorkflowInboundCallsInterceptor, 'handleSignal'>): Promise<void> {
    this.signals += 1;
    const read = tokenOf(input.headers);
    const claims = read ? readAssertionClaims(read.token) : null;
    const refusal = verdict(`${SIGNAL_REFUSED_MARKER_PREFIX}${this.signals}`, () => {
      const trust = trustSettings();
      if (!trust || trust.keys.length === 0) return 'no-keys';
      if (!read) return 'malformed';
      const result = verifyActorAssertion(read.token, trust.keys, {
        kind: 'signal',
        updateName: input.signalName,
        workflowId: workflowInfo().workflowId,
        updateId: '',
        args: input.args,
        now: Date.now(),
        maxAgeMs: Math.max(trust.maxAgeMs, SIGNAL_ASSERTION_MAX_AGE_MS),
      });
      if (!result.ok) return result.reason;
      return this.acceptedSignalIds.has(result.claims.uid) ? 'replayed' : null;
    });
    if (refusal !== null) {
      log.warn('signal refused: actor assertion', { signal: input.signalName, reason: refusal });
      return;
    }
    // on replay too: the ids of accepted signals are rebuilt from history, the check is not repeated
    if (claims) this.acceptedSignalIds.add(claims.uid);
    return next(input);
  }
}

/** Signs every signal this workflow sends (to a child or another workflow) with the worker's first key. */
class ActorAssertionOutbound implements WorkflowOutboundCallsInterceptor {
  async signalWorkflow(
    input: SignalWorkflowInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'signalWorkflow'>,
  ): Promise<void> {
    const key = trustSettings()?.keys[0];
    if (!key) return next(input);
    const info = workflowInfo();
    const target =
      input.target.type === 'child' ? input.target.childWorkflowId : (input.target.workflowExecution.workflowId ?? '');
    const token = signActorAssertion(
      {
        v: 1,
        k: 'signal',
        sub: actorIdOf(input.args),
        upd: input.signalName,
        wf: target,
        // this run's n-th command of its kind: unique, and the same when the sender replays
        uid: `${info.workflowId}/${info.runId}/s${input.seq}`,
        iat: Date.now(),
        arg: argumentsDigest(input.args),
      },
      key,
    );
    return next({
      ...input,
      headers: { ...input.headers, [ACTOR_ASSERTION_HEADER]: defaultPayloadConverter.toPayload(token) },
    });
  }
}

export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [new ActorAssertionInbound()],
  outbound: [new ActorAssertionOutbound()],
});
