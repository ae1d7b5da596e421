import type { CaseKernel, TaskDecision, TaskSpec } from './case-kernel';

/**
 * Sequential approval up the chain (依次审批, RULES §A.3: party group decides, then the organs work committee
 * approves): each link is an approval task; the first decision that is not an approval stops the chain.
 * Returns the last decision and whether every link approved.
 */
export async function approvalChain(
  kernel: CaseKernel,
  links: Omit<TaskSpec, 'kind'>[],
): Promise<{ approved: boolean; decision: TaskDecision; step: string }> {
  let last: { approved: boolean; decision: TaskDecision; step: string } | null = null;
  for (const link of links) {
    const decision = await kernel.ask({ ...link, kind: 'approval' });
    last = { approved: decision.outcome === 'approve', decision, step: link.step };
    if (!last.approved) return last;
  }
  if (!last) throw new Error('approvalChain needs at least one link');
  return last;
}
