import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { TASK_QUEUE, WORKFLOW_TYPES, workflowIds, type TermClockInput } from '../../libs/contracts';
import { hasTermClock, isDomainRuleError, policyForOrganization } from '../../libs/domain';
import { RegistryRepository, type Database } from '../../libs/db';

/**
 * Starts `termClock:<orgId>` (RULES §B.2, §D.1). A clock already running for the organization is left alone:
 * returns false then, true when this call started it.
 */
export async function startTermClockWorkflow(
  client: Client,
  input: TermClockInput,
  taskQueue: string = TASK_QUEUE,
): Promise<boolean> {
  try {
    await client.workflow.start(WORKFLOW_TYPES.termClock, {
      taskQueue,
      workflowId: workflowIds.termClock(input.orgId),
      args: [input],
    });
    return true;
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw err;
  }
}

export type TermClockInputOutcome =
  | { ok: true; input: TermClockInput }
  | {
      ok: false;
      reason:
        | 'notFound'
        | 'notActive'
        | 'noTerm'
        | 'noUpperBody'
        | 'noPartyGroup'
        | 'noWorkCommittee'
        | 'noTermClock'
        | 'unknownPolicy';
    };

/** The organization's own policy version, null when it has none; throws POLICY_VERSION_UNKNOWN for a bad name. */
function ownPolicy(version: string | null): string | null {
  const policy = policyForOrganization(version);
  return version !== null && policy.version === version ? version : null;
}

/**
 * The clock's input from the registry: an ACTIVE organization with term dates, a parent organization (the upper body
 * that reminds and receives the request, RULES §D.1), its department's party group and the organs work committee
 * (RULES §A.3). The organs work committee itself has no parent in the registry and gets no clock. The organization's
 * own policy version applies when it names a known policy (legacy profile per organization), else `policyVersion`.
 */
export async function termClockInputFor(
  database: Database,
  orgId: string,
  policyVersion: string,
): Promise<TermClockInputOutcome> {
  const registry = new RegistryRepository(database);
  const org = await registry.getOrgTerm(orgId);
  if (!org) return { ok: false, reason: 'notFound' };
  if (org.status !== 'active') return { ok: false, reason: 'notActive' };
  if (!org.termStart || !org.termEnd) return { ok: false, reason: 'noTerm' };
  // RULES §B.1: a temporary branch's leaders are designated; it has no term clock and no election
  if (!hasTermClock(org.type)) return { ok: false, reason: 'noTermClock' };
  // an organization naming a policy the table does not know gets no clock rather than a silent fallback (issue 10)
  let own: string | null;
  try {
    own = ownPolicy(org.policyVersion);
  } catch (e) {
    if (isDomainRuleError(e)) return { ok: false, reason: 'unknownPolicy' };
    throw e;
  }
  if (!org.parentId) return { ok: false, reason: 'noUpperBody' };
  const group = org.departmentId ? await registry.partyGroupOfDepartment(org.departmentId) : null;
  if (!group) return { ok: false, reason: 'noPartyGroup' };
  const workCommittee = await registry.workCommitteeRoot();
  if (!workCommittee) return { ok: false, reason: 'noWorkCommittee' };
  return {
    ok: true,
    input: {
      orgId: org.id,
      orgPath: await registry.orgPathOf(org.id),
      orgName: org.name,
      orgType: org.type,
      termNo: org.termNo,
      termStart: org.termStart,
      termEnd: org.termEnd,
      shiftedTo: org.electionDue,
      partyGroupBodyId: group.id,
      workCommitteeBodyId: workCommittee.id,
      upperBodyId: org.parentId,
      policyVersion: own ?? policyVersion,
    },
  };
}
