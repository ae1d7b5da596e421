import type { PolicyTable } from '../policy/policy-table';
import { violation, type RuleViolation } from '../errors/rule-violation';
import { checkRecordedDate } from '../dates/recorded-date.rules';

// Pure checks of member development (RULES §E) against registry facts the API reads: the organization that holds
// the case, the applicant's membership, contacts and introducers, and the voters of the branch general meeting.

/** Organization facts these rules need (a slice of the registry's organization row). */
export interface AdmissionOrgFacts {
  id: string;
  name: string;
  type: string;
  status: string;
}

/**
 * H-16: development goes through the branch (RULES §E guiding rules): branches, joint branches and general branches
 * hold development cases; temporary branches, organ committees and the organs work committee do not.
 */
export const ADMITTING_ORG_TYPES: readonly string[] = ['branch', 'jointBranch', 'generalBranch'];

/** The organization holding (or receiving) a development case must be an active branch or general branch — H-16. */
export function checkOrgCanAdmit(org: AdmissionOrgFacts): RuleViolation | null {
  if (org.status === 'active' && ADMITTING_ORG_TYPES.includes(org.type)) return null;
  return violation({
    code: 'ORG_CANNOT_ADMIT',
    kind: 'rule',
    rule: 'RULES §E (H-16)',
    message: `${org.name}（${org.type}，${org.status}）不能办理发展党员：须为正常运行的党支部、联合党支部或党总支`,
    messageEn: `${org.id} (${org.type}, ${org.status}) cannot hold a development case: it must be an active branch, joint branch or general branch`,
    numbers: { orgId: org.id, type: org.type, status: org.status, allowedTypes: ADMITTING_ORG_TYPES.join(',') },
  });
}

/** A registry membership of the person (null: none valid on the date). */
export interface MembershipFact {
  orgId: string;
  status: string;
}

/** An applicant is not yet a member: anyone holding a membership (probationary or full, whatever their rights) is. */
export function checkNotYetMember(personId: string, membership: MembershipFact | null): RuleViolation | null {
  if (!membership) return null;
  return violation({
    code: 'ALREADY_MEMBER',
    kind: 'rule',
    rule: 'RULES §E step 1, §A.1',
    message: `${personId}已是党员（${membership.status}，组织${membership.orgId}），不能申请入党`,
    messageEn: `${personId} is already a party member (${membership.status} at ${membership.orgId})`,
    numbers: { personId, status: membership.status, orgId: membership.orgId },
  });
}

/**
 * RULES §E step 1 "wrong organization → redirect": the application goes to the basic organization of the person's
 * work unit (所在单位党组织, `people.unit_org_id`); `home` null means the registry records none (residence and
 * mobile-worker applications are then accepted where filed).
 */
export function checkApplicationOrganization(
  requestedOrgId: string,
  home: { id: string; name: string } | null,
): RuleViolation | null {
  if (!home || home.id === requestedOrgId) return null;
  return violation({
    code: 'WRONG_ORGANIZATION',
    kind: 'rule',
    rule: 'RULES §E step 1',
    message: `申请人所在单位的党组织是${home.name}，请向该党组织递交入党申请`,
    messageEn: `the applicant's work unit is served by ${home.name} (${home.id}); the application goes there`,
    numbers: { requestedOrgId, orgId: home.id, orgName: home.name },
  });
}

/**
 * Branch general meeting (RULES §E steps 15 and 23, and the lapse case's removal vote L2 under RULES §F with the step-15
 * rule): the entitled count is the registry's number of full members with voting rights on the meeting date
 * (probationary members do not vote; H-4: election-only exclusions do not reduce it). A different count given with
 * the vote is refused with both numbers.
 */
export function checkEntitledVoters(
  step: 'E15' | 'E23' | 'L2',
  given: number,
  registryCount: number,
  meetingDate: string,
): RuleViolation | null {
  if (given === registryCount) return null;
  return violation({
    code: 'ENTITLED_COUNT_MISMATCH',
    kind: 'rule',
    rule: step === 'L2' ? 'RULES §F (§E step 15)' : `RULES §E step ${step === 'E15' ? 15 : 23}`,
    message: `应到会有表决权的正式党员人数应为${registryCount}人（${meetingDate}党员名册），提交${given}人`,
    messageEn: `entitled voters must be the ${registryCount} full members with voting rights on ${meetingDate}, got ${given}`,
    numbers: { entitled: given, registryEntitled: registryCount, meetingDate },
  });
}

/** An ancestor of the branch, nearest first (type as in the registry). */
export interface AncestorFact {
  id: string;
  type: string;
}

/**
 * RULES §A.3 approval matrix for admissions in organs: an organ committee above the branch approves after the
 * department party group decides; without one, the party group reviews and the organs work committee (root of the
 * path) approves. `partyGroupId` is the party group of the branch's department (null outside organs).
 */
export function admissionApprovers(
  ancestors: readonly AncestorFact[],
  partyGroupId: string | null,
): { upperCommitteeId: string | null; partyGroupBodyId: string | null } {
  const organCommittee = ancestors.find((a) => a.type === 'organCommittee');
  const root = ancestors[ancestors.length - 1];
  return { upperCommitteeId: organCommittee?.id ?? root?.id ?? null, partyGroupBodyId: partyGroupId };
}

/** An introducer already named (step 9) for another candidate whose case is still open. */
export interface IntroducerEngagement {
  personId: string;
  caseId: string;
}

/**
 * Practice (RULES glossary 入党介绍人, policy `introducerOneCandidateAtATime`): one person should not introduce several
 * candidates at once, so an introducer of another open case cannot be named at step 9.
 */
export function checkIntroducersAvailable(
  engagements: readonly IntroducerEngagement[],
  policy: PolicyTable,
): RuleViolation | null {
  const busy = engagements[0];
  if (!policy.introducerOneCandidateAtATime || !busy) return null;
  return violation({
    code: 'INTRODUCER_BUSY',
    kind: 'rule',
    rule: 'RULES §E step 9',
    message: `${busy.personId}正在担任另一名发展对象的入党介绍人（${busy.caseId}），一名介绍人同一时间只介绍一人`,
    messageEn: `${busy.personId} already introduces another candidate (${busy.caseId}); one candidate at a time`,
    numbers: { personId: busy.personId, caseId: busy.caseId },
  });
}

/**
 * RULES §E step 1: the branch registers a written application it has received, so its date is not after today — the
 * local calendar date of the organization (`localDate` under the policy's offset), which the caller passes in.
 */
export function checkApplicationDate(applicationDate: string, today: string): RuleViolation | null {
  return checkRecordedDate(applicationDate, today, {
    field: 'applicationDate',
    what: { zh: '入党申请', en: 'the application' },
    rule: 'RULES §E step 1',
    code: 'APPLICATION_DATE_IN_FUTURE',
    numbers: { applicationDate },
  });
}
