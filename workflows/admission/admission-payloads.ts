import type { StepFormKey, StepPayload } from '../../libs/contracts/step-forms.contract';
import type { BranchVoteInput } from '../../libs/domain';

// Decision payloads read through their step's type (libs/contracts STEP_FORMS). The case kernel's validator accepted
// each against its step's schema before the decision entered history (decisions recorded before the schema were held
// to the same fields by the checks of their time), so reading needs no second parse, and nothing here can throw on
// replay.

type Payload = Record<string, unknown> | null | undefined;

/** A submitted input (outcome submit): its schema's required fields are there. */
export function submitted<K extends StepFormKey>(_step: K, payload: Payload): StepPayload<K> {
  return (payload ?? {}) as StepPayload<K>;
}

/** An approval's payload, or any step's under validation before its outcome is known: what was given, typed. */
export function given<K extends StepFormKey>(_step: K, payload: Payload): Partial<StepPayload<K>> {
  return (payload ?? {}) as Partial<StepPayload<K>>;
}

/** The counts of a branch general meeting vote (RULES §E steps 15, 23) as the domain's vote rule takes them. */
export function branchVoteInput(
  p: StepPayload<'admission:E15'> | StepPayload<'admission:E23'>,
): Required<BranchVoteInput> {
  return {
    entitled: p.entitled,
    present: p.present,
    forVotes: p.forVotes,
    writtenOpinionsFor: p.writtenOpinionsFor ?? 0,
  };
}
