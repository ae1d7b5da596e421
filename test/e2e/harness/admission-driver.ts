import { inArray } from 'drizzle-orm';
import { organizations } from '../../../libs/db';
import { getPolicy, localDate } from '../../../libs/domain';
import { startE2eStack, type E2eStack } from './e2e-stack';
import { establishmentDriver } from './establishment-driver';
import { httpClient, type HttpResult } from './http-client';

/** Zero waiting periods (libs/domain/policy/policy-drill.ts), so a whole case runs in seconds. */
export const DRILL_POLICY = '2026.1-drill';

/** Today on the organization's calendar (China, UTC+8): the date the workflow gives its steps. */
export const drillToday = () => localDate(new Date().toISOString(), getPolicy(DRILL_POLICY));

export interface AdmissionE2e {
  readonly stack: E2eStack;
  /** the HTTP client of the running stack (its calls fail outside the describe block's tests) */
  readonly http: ReturnType<typeof httpClient>;
  /** dev tokens by user id */
  readonly tokens: Record<string, string>;
}

/**
 * The e2e stack of one describe block about member development: started in beforeAll (in-memory PGlite), a dev token
 * for each user, and the given branches on the drill policy through the policy version in the registry; stopped in
 * afterAll. The returned object reads through to the running stack.
 */
export function useAdmissionStack(opts: {
  users: string[];
  drillOrgIds: string[];
  /** extra API settings, read when the stack starts */
  env?: () => Record<string, string>;
  /** registry changes before the tokens are issued (a user the demo seed lacks, more members) */
  prepare?: (stack: E2eStack) => Promise<void>;
}): AdmissionE2e {
  let stack: E2eStack | undefined;
  let http: ReturnType<typeof httpClient> | undefined;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    stack = await startE2eStack({ lane: 'pglite', ...(opts.env ? { env: opts.env() } : {}) });
    http = httpClient(stack.baseUrl);
    await opts.prepare?.(stack);
    for (const user of opts.users) tokens[user] = await http.token(user);
    await stack.database.db
      .update(organizations)
      .set({ policyVersion: DRILL_POLICY })
      .where(inArray(organizations.id, opts.drillOrgIds));
  });
  afterAll(async () => {
    await stack?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the stack runs only inside the tests of the describe block');
    return value;
  };
  return {
    get stack() {
      return started(stack);
    },
    http: {
      call: (...args) => started(http).call(...args),
      token: (userId) => started(http).token(userId),
      eventually: (fn, what, timeoutMs) => started(http).eventually(fn, what, timeoutMs),
    },
    tokens,
  };
}

/** Who decides a development case's steps at one branch (RULES §A). */
export interface BranchRoles {
  /** submitter at the branch: the input steps */
  clerk: string;
  /** approver at the branch: E3, E7, E12 */
  committee: string;
  /** approver at the upper committee */
  upper: string;
  /** approver at the party group, who decides first (RULES §A.3) */
  partyGroup: string;
}

interface InboxItem {
  caseId: string;
  step: string;
  taskId: string;
  status: string;
  assignedBodyId: string | null;
}

/** The HTTP steps of one development case, as each user would click them. */
export function caseSteps(e2e: AdmissionE2e, caseId: string) {
  const driver = () => establishmentDriver(e2e.http, e2e.tokens);
  const openTask = (user: string, code: string) => driver().openTask(user, caseId, code);
  const decide = (user: string, taskId: string, body: Record<string, unknown>): Promise<HttpResult> =>
    driver().decide(user, caseId, taskId, body);

  /** The case's open tasks in the user's inbox. */
  async function inbox(user: string): Promise<InboxItem[]> {
    const res = await e2e.http.call('GET', `/api/inbox?caseId=${encodeURIComponent(caseId)}`, {
      token: e2e.tokens[user],
    });
    if (res.status !== 200) throw new Error(`inbox of ${user}: ${res.status} ${JSON.stringify(res.body)}`);
    return (res.body.items as InboxItem[]).filter((t) => t.caseId === caseId && t.status === 'open');
  }

  /** Decides the step's open task (waiting for it in the user's inbox); anything but 200 fails the test. */
  async function step(user: string, code: string, body: Record<string, unknown>) {
    const task = await openTask(user, code);
    const res = await decide(user, task.taskId, body);
    if (res.status !== 200) throw new Error(`${code} by ${user}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { stage: string; caseStatus: string };
  }
  const approve = (user: string, code: string) => step(user, code, { outcome: 'approve', comment: '同意' });
  const submit = (user: string, code: string, payload: Record<string, unknown> = {}, comment?: string) =>
    step(user, code, { outcome: 'submit', payload, ...(comment ? { comment } : {}) });

  /** Steps 9–14: two introducers, a passed political review, training, branch review, pre-review, admission form. */
  async function throughAdmissionForm(
    roles: BranchRoles,
    opts: { introducers: [string, string]; formNo: string; reviewComment?: string },
  ) {
    await submit(roles.clerk, 'E9', { introducers: opts.introducers.map((personId) => ({ personId, consent: true })) });
    await submit(roles.clerk, 'E10', { conclusion: 'pass' }, opts.reviewComment);
    await submit(roles.clerk, 'E11', { days: 3 });
    await approve(roles.committee, 'E12');
    await approve(roles.upper, 'E13');
    await submit(roles.clerk, 'E14', { formNo: opts.formNo });
  }

  /**
   * Steps 20–25 under the drill policy: the oath, the probation assessments the case asks for until the application
   * for full membership (step 22) opens, the vote for full membership, both approvals, the archive. Returns the answer
   * to the last step.
   */
  async function throughFullMembership(roles: BranchRoles, opts: { today: string; vote: Record<string, number> }) {
    await submit(roles.clerk, 'E20', { oathDate: opts.today });
    for (let assessments = 0; ; assessments += 1) {
      const open = await e2e.http.eventually(
        async () => (await inbox(roles.clerk)).find((t) => t.step === 'E21' || t.step === 'E22'),
        'E21 or E22',
      );
      if (open.step === 'E22') break;
      if (assessments >= 3) throw new Error('more than 3 probation assessments with a zero-length probation');
      await submit(roles.clerk, 'E21', { summary: '合格' });
    }
    await submit(roles.clerk, 'E22', { applicationDate: opts.today });
    await submit(roles.clerk, 'E23', { ...opts.vote, resolution: 'full' });
    await approve(roles.partyGroup, 'E24-PG');
    await approve(roles.upper, 'E24');
    return submit(roles.clerk, 'E25', { archivedTo: '人事档案' });
  }

  return { openTask, decide, inbox, step, approve, submit, throughAdmissionForm, throughFullMembership };
}
