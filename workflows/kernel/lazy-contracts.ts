import type * as ElectionContract from '../../libs/contracts/election.contract';
import type * as EstablishmentContract from '../../libs/contracts/establishment.contract';
import type * as StepFormsContract from '../../libs/contracts/step-forms.contract';
import type * as TermContract from '../../libs/contracts/term.contract';

// The contracts' zod schemas, evaluated on a workflow's first validation instead of when its module loads (issue 12).
// Every cached workflow evaluates its own copy of the modules it imports (the SDK shares only preloaded modules, and it
// deep-freezes those, which zod schemas do not survive): building every schema of every procedure cost about 1 MB of
// heap per parked case although a parked case validates nothing, and a replayed case runs no validators. Workflows
// import messages and names from the zod-free contract modules and the schemas they validate with from here.
// webpack bundles each `require` below and evaluates its module on the first call, within the workflow's own module
// cache, so evaluation stays deterministic.

/* eslint-disable @typescript-eslint/no-require-imports -- the lazy evaluation is the point of this module */
const stepForms = (): typeof StepFormsContract =>
  require('../../libs/contracts/step-forms.contract') as typeof StepFormsContract;
const establishment = (): typeof EstablishmentContract =>
  require('../../libs/contracts/establishment.contract') as typeof EstablishmentContract;
const election = (): typeof ElectionContract =>
  require('../../libs/contracts/election.contract') as typeof ElectionContract;
const term = (): typeof TermContract => require('../../libs/contracts/term.contract') as typeof TermContract;
/* eslint-enable @typescript-eslint/no-require-imports */

/** A schema that is built on its first use; every member is the real schema's (methods bound to it). */
function lazySchema<S extends object>(load: () => S): S {
  return new Proxy({} as S, {
    get(_target, property) {
      const schema = load();
      const value: unknown = Reflect.get(schema, property, schema);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(schema) : value;
    },
    has: (_target, property) => Reflect.has(load(), property),
  });
}

export const establishmentRequestSchema = lazySchema(() => establishment().establishmentRequestSchema);
export const openMeetingSchema = lazySchema(() => election().openMeetingSchema);
export const submitBallotsSchema = lazySchema(() => election().submitBallotsSchema);
export const closeRoundSchema = lazySchema(() => election().closeRoundSchema);
export const reduceSeatsSchema = lazySchema(() => election().reduceSeatsSchema);
export const candidateListSchema = lazySchema(() => term().candidateListSchema);
export const electionPreparationSchema = lazySchema(() => term().electionPreparationSchema);
export const nominationsSchema = lazySchema(() => term().nominationsSchema);
export const termShiftRequestSchema = lazySchema(() => term().termShiftRequestSchema);

export const invalidPayload: typeof StepFormsContract.invalidPayload = (...args) => stepForms().invalidPayload(...args);
export const schemaViolation: typeof StepFormsContract.schemaViolation = (...args) =>
  stepForms().schemaViolation(...args);
export const stepPayloadViolation: typeof StepFormsContract.stepPayloadViolation = (...args) =>
  stepForms().stepPayloadViolation(...args);
