import { randomUUID } from 'node:crypto';
import type {
  WorkflowClientInterceptor,
  WorkflowSignalInput,
  WorkflowStartInput,
  WorkflowStartUpdateInput,
} from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import {
  ACTOR_ASSERTION_HEADER,
  actorIdOf,
  argumentsDigest,
  signActorAssertion,
  startActorOf,
  type AssertionKey,
} from '../contracts/actor-assertion.contract';

type Next<K extends keyof WorkflowClientInterceptor> = Parameters<NonNullable<WorkflowClientInterceptor[K]>>[1];

/**
 * Signs what the client sends to a workflow (the API's only way to act on a case, and the worker's own client that
 * starts term clocks) under the first assertion key, at the client's time; the worker's interceptor checks it:
 * - every update: the actor id, the update name, target workflow, update id and a digest of the arguments (the
 *   actor's roles among them);
 * - every start: the workflow type and id and a digest of the input, whose `submittedBy` (or `startedBy`) is the actor;
 * - every signal: the signal name, target workflow and arguments, under an id of its own.
 * The assertion travels as a header; headers are not payload-encoded, and it holds no secret.
 */
export class ActorAssertionClientInterceptor implements WorkflowClientInterceptor {
  constructor(
    private readonly key: AssertionKey,
    private readonly clock: () => number = Date.now,
  ) {}

  async startUpdate(input: WorkflowStartUpdateInput, next: Next<'startUpdate'>) {
    const updateId = input.options.updateId ?? randomUUID();
    const token = signActorAssertion(
      {
        v: 1,
        sub: actorIdOf(input.args),
        upd: input.updateName,
        wf: input.workflowExecution.workflowId,
        uid: updateId,
        iat: this.clock(),
        arg: argumentsDigest(input.args),
      },
      this.key,
    );
    return next({
      ...input,
      options: { ...input.options, updateId },
      headers: { ...input.headers, [ACTOR_ASSERTION_HEADER]: defaultPayloadConverter.toPayload(token) },
    });
  }

  async startWithDetails(input: WorkflowStartInput, next: Next<'startWithDetails'>) {
    const args = input.options.args ?? [];
    const token = signActorAssertion(
      {
        v: 1,
        k: 'start',
        sub: startActorOf(args),
        upd: input.workflowType,
        wf: input.options.workflowId,
        uid: randomUUID(),
        iat: this.clock(),
        arg: argumentsDigest(args),
      },
      this.key,
    );
    return next({
      ...input,
      headers: { ...input.headers, [ACTOR_ASSERTION_HEADER]: defaultPayloadConverter.toPayload(token) },
    });
  }

  async signal(input: WorkflowSignalInput, next: Next<'signal'>) {
    const token = signActorAssertion(
      {
        v: 1,
        k: 'signal',
        sub: actorIdOf(input.args),
        upd: input.signalName,
        wf: input.workflowExecution.workflowId,
        uid: randomUUID(),
        iat: this.clock(),
        arg: argumentsDigest(input.args),
      },
      this.key,
    );
    return next({
      ...input,
      headers: { ...input.headers, [ACTOR_ASSERTION_HEADER]: defaultPayloadConverter.toPayload(token) },
    });
  }
}
