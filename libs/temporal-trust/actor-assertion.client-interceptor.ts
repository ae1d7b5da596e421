import { randomUUID } from 'node:crypto';
import type { WorkflowClientInterceptor, WorkflowStartUpdateInput } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import {
  ACTOR_ASSERTION_HEADER,
  actorIdOf,
  argumentsDigest,
  signActorAssertion,
  type AssertionKey,
} from '../contracts/actor-assertion.contract';

/**
 * Signs every update the client sends (the API's only way to act on a case): the actor id, the update name, target
 * workflow, update id and a digest of the arguments (the actor's roles among them), at the client's time, under the
 * first assertion key. The assertion travels as an update header; the worker's interceptor checks it.
 */
export class ActorAssertionClientInterceptor implements WorkflowClientInterceptor {
  constructor(
    private readonly key: AssertionKey,
    private readonly clock: () => number = Date.now,
  ) {}

  async startUpdate(
    input: WorkflowStartUpdateInput,
    next: Parameters<NonNullable<WorkflowClientInterceptor['startUpdate']>>[1],
  ) {
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
}
