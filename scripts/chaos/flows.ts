/* eslint-disable @typescript-eslint/no-explicit-any -- JSON answers of many shapes, read as a browser would */
// One case from its start to its end over HTTP, each step clicked by the user who holds it (README "Starting cases
// over the API", test/e2e/harness): establishment (C2, C4, C5, the founding election, C9) and member development
// (E2–E25 under the drill policy).
import { getPolicy, localDate } from '../../libs/domain';
import type { Browser, HttpAnswer } from './browser';
import { delay } from './processes';
import { DRILL_POLICY, type AdmissionFixture, type CaseFixture, type EstablishmentFixture } from './fixtures';

export class CaseFailure extends Error {
  constructor(
    readonly caseId: string,
    message: string,
  ) {
    super(`${caseId}: ${message}`);
  }
}

export interface CaseRun {
  fixture: CaseFixture;
  caseId: string | null;
  /** the last step the driver reached */
  step: string;
  done: boolean;
  error: string | null;
  startedAt: number;
  endedAt: number | null;
}

export interface IdenticalClicks {
  step: string;
  count: number;
  taskId?: string;
  answers?: HttpAnswer[];
}

interface PendingTask {
  taskId: string;
  step: string;
}

const enc = encodeURIComponent;
const stepOf = (taskId: string) => taskId.split('/').at(-2) ?? '';

/** A case's steps as its users click them. */
export class CaseDriver {
  /** the task ids the last decision answered with (the next tasks, already in the inbox) */
  private nextTaskIds: string[] = [];
  /** the organization the case's tasks belong to (the inbox filter) */
  private orgId = '';

  constructor(
    private readonly browser: Browser,
    readonly run: CaseRun,
    private readonly taskWaitMs: number,
    /** the step whose decision is sent `count` times at once with one key (the identical-clicks figure) */
    readonly clicks?: IdenticalClicks,
  ) {}

  private get caseId(): string {
    if (!this.run.caseId) throw new Error('case not started');
    return this.run.caseId;
  }

  private fail(message: string): never {
    throw new CaseFailure(this.run.caseId ?? `case #${this.run.fixture.index}`, message);
  }

  private expectOk(what: string, res: HttpAnswer): HttpAnswer {
    if (res.status !== 200 && res.status !== 201) this.fail(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  }

  /** The open task of a step: from the last decision's answer, else the user's inbox, polled until it shows. */
  async task(user: string, step: string): Promise<PendingTask> {
    this.run.step = step;
    return this.firstOf(user, [step]);
  }

  /**
   * The first open task among the steps: named by the last decision's answer, else read from the user's inbox
   * (filtered to the case's organization, as the console's filter does; SQL only, no workflow query), polled.
   */
  async firstOf(user: string, steps: string[]): Promise<PendingTask> {
    const known = this.nextTaskIds.find((id) => steps.includes(stepOf(id)));
    if (known) return { taskId: known, step: stepOf(known) };
    const deadline = Date.now() + this.taskWaitMs;
    let last: HttpAnswer | null = null;
    for (let poll = 0; Date.now() < deadline; poll++) {
      last = await this.browser.read(user, `/api/inbox?orgId=${enc(this.orgId)}`);
      const items = (last.body?.items ?? []) as (PendingTask & { caseId: string; status: string })[];
      const found = items.find((t) => t.caseId === this.caseId && t.status === 'open' && steps.includes(t.step));
      if (found) return { taskId: found.taskId, step: found.step };
      await delay(Math.min(500 * (poll + 1), 3000));
    }
    return this.fail(`${steps.join(' or ')} never reached ${user}'s inbox (last ${last?.status})`);
  }

  /** Decides the step's open task; anything but 200 fails the case. */
  async decide(user: string, step: string, body: Record<string, unknown>, keySuffix = ''): Promise<HttpAnswer> {
    const task = await this.task(user, step);
    if (this.clicks && this.clicks.step === step) {
      // the same click sent many times at once (a double-click storm, retries from several tabs): one key, one body
      const answers = await Promise.all(
        Array.from({ length: this.clicks.count }, () => this.send(user, task.taskId, body, keySuffix)),
      );
      this.clicks.taskId = task.taskId;
      this.clicks.answers = answers;
      return this.expectOk(`${step} by ${user}`, answers[0]!);
    }
    const res = await this.send(user, task.taskId, body, keySuffix);
    return this.expectOk(`${step} by ${user}`, res);
  }

  async send(user: string, taskId: string, body: Record<string, unknown>, keySuffix = ''): Promise<HttpAnswer> {
    const key = `chaos-${this.run.fixture.index}-${stepOf(taskId)}-${taskId.split('/').at(-1)}${keySuffix}`;
    const res = await this.browser.command(
      { caseId: this.caseId, target: taskId, kind: 'decision', user, key, outcome: String(body.outcome) },
      `/api/cases/${enc(this.caseId)}/tasks/${enc(taskId)}/decision`,
      body,
    );
    if (res.status === 200) this.nextTaskIds = (res.body?.nextTaskIds ?? []) as string[];
    return res;
  }

  approve(user: string, step: string, comment = '同意') {
    return this.decide(user, step, { outcome: 'approve', comment });
  }

  submit(user: string, step: string, payload: Record<string, unknown>) {
    return this.decide(user, step, { outcome: 'submit', payload });
  }

  /** An election command (meeting, ballots, round close), retried with its key; 404 before the election opened. */
  async election(user: string, op: string, path: string, body: unknown): Promise<any> {
    this.run.step = `election ${op}`;
    const deadline = Date.now() + this.taskWaitMs;
    for (let poll = 0; ; poll++) {
      const res = await this.browser.command(
        {
          caseId: this.caseId,
          target: op,
          kind: 'election',
          user,
          key: `chaos-${this.run.fixture.index}-${op}`,
        },
        `/api/cases/${enc(this.caseId)}/election${path}`,
        body,
      );
      if (res.status === 404 && res.body?.code === 'ELECTION_NOT_STARTED' && Date.now() < deadline) {
        await delay(Math.min(300 * (poll + 1), 2000));
        continue;
      }
      return this.expectOk(`election ${op}`, res).body;
    }
  }

  setCaseId(caseId: string, orgId: string): void {
    this.run.caseId = caseId;
    this.orgId = orgId;
  }

  /** A start with its key, retried like a command. */
  async start(user: string, path: string, body: unknown): Promise<any> {
    this.run.step = 'start';
    const res = await this.browser.command(
      { caseId: '', target: path, kind: 'start', user, key: `chaos-${this.run.fixture.index}-start` },
      path,
      body,
    );
    if (res.status !== 201 && res.status !== 200) this.fail(`start: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  finish(res: HttpAnswer): void {
    if (res.body?.caseStatus !== 'completed') this.fail(`last step answered ${JSON.stringify(res.body)}`);
    this.run.step = 'completed';
  }
}

/** YYYY-MM-DD `days` after today (UTC), so the campaign's dates never fall behind the calendar. */
const daysFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

const ballots = (n: number, forIds: string[]) =>
  Array.from({ length: n }, () => ({ marks: Object.fromEntries(forIds.map((id) => [id, 'for'])), writeIns: [] }));

/** 新成立党组织 (RULES §C): the request, party group, member discussion, work committee, founding election, reply. */
export async function runEstablishment(d: CaseDriver, c: EstablishmentFixture): Promise<void> {
  const [c1, c2, c3, c4] = c.roster as [string, string, string, string];
  const fullMembers = c.roster.slice(0, 10);
  const started = await d.start('u-clerk', '/api/cases/establishment', {
    name: `混沌测试第${c.index}党支部`,
    proposedType: 'branch',
    parentOrgId: 'org-edu-oc',
    departmentId: 'dept-edu',
    unitName: `基础教育处${c.index}`,
    natureOfWork: '教育行政',
    staffHeadcount: 25,
    rosterPersonIds: c.roster,
    legalBasis: '《中国共产党党和国家机关基层组织工作条例》第七条',
    reasons: '正式党员10名，应成立党支部并设支部委员会',
    committeeSeats: 3,
    positions: ['secretary', 'deputySecretary', 'organization'],
    slate: [c1, c2, c3, c4].map((personId, i) => ({ personId, name: `候选人${i + 1}`, surnameStrokes: 4 + i })),
    coveredUnits: [],
    plannedElectionDate: daysFromToday(40),
  });
  d.setCaseId(started.caseId as string, started.orgId as string);
  await d.approve('u-pg-edu', 'C2', '党组会议研究同意');
  await d.submit('u-clerk', 'C4', { discussionDate: daysFromToday(0), summary: '全体党员酝酿同意' });
  await d.approve('u-wc-approver', 'C5', '同意成立，候选人名单同意');

  const meeting = await d.election('u-clerk', 'meeting', '/meetings', {
    meetingDate: daysFromToday(0),
    presentVoterIds: fullMembers,
  });
  if (!meeting.quorumMet) throw new CaseFailure(started.caseId, `meeting: ${JSON.stringify(meeting)}`);
  await d.election('u-clerk', 'ballots-1', '/ballots', {
    roundId: meeting.roundId,
    ballots: ballots(10, [c1, c2, c3]),
  });
  const tally = await d.election('u-clerk', 'close-1', `/rounds/${enc(meeting.roundId)}/close`, { ballotsIssued: 10 });
  const elected = (tally.tally?.elected ?? []) as string[];
  if (elected.length !== 3) throw new CaseFailure(started.caseId, `tally: ${JSON.stringify(tally)}`);
  const officers = await d.election('u-clerk', 'officers', '/meetings', {
    meetingDate: daysFromToday(0),
    presentVoterIds: [c1, c2, c3],
    officerCandidates: { secretaryId: c1, deputyId: c2 },
  });
  await d.election('u-clerk', 'ballots-2', '/ballots', { roundId: officers.roundId, ballots: ballots(3, [c1]) });
  const sec = await d.election('u-clerk', 'close-2', `/rounds/${enc(officers.roundId)}/close`, { ballotsIssued: 3 });
  await d.election('u-clerk', 'ballots-3', '/ballots', { roundId: sec.nextRoundId, ballots: ballots(3, [c2]) });
  const dep = await d.election('u-clerk', 'close-3', `/rounds/${enc(sec.nextRoundId)}/close`, { ballotsIssued: 3 });
  if (dep.phase !== 'done') throw new CaseFailure(started.caseId, `officers: ${JSON.stringify(dep)}`);

  d.finish(
    await d.decide('u-wc-approver', 'C9', {
      outcome: 'approve',
      payload: { replyNo: `工委〔${daysFromToday(0).slice(0, 4)}〕${c.index}号` },
    }),
  );
}

const UPPER_CLERK = 'u-sec-fin-oc'; // submitter at 财政厅机关党委: E16
const UPPER_COMMITTEE = 'u-oc-approver';
const PARTY_GROUP = 'u-pg-fin';

/**
 * 发展党员 (RULES §E), all 25 steps under the drill policy. The branch's voting numbers come from the registry: when
 * another case of the branch made a member meanwhile, the refusal names the registry's count and the clerk submits
 * the vote again with it (a new click).
 */
export async function runAdmission(d: CaseDriver, c: AdmissionFixture): Promise<void> {
  const today = localDate(new Date().toISOString(), getPolicy(DRILL_POLICY));
  const started = await d.start(c.clerk, '/api/admission-cases', {
    orgId: c.orgId,
    personId: c.personId,
    applicationDate: today,
    note: '书面申请',
  });
  d.setCaseId(started.caseId as string, c.orgId);
  const [m1, m2] = c.members;
  await d.submit(c.clerk, 'E2', { talkerId: m1 });
  await d.approve(c.committee, 'E3');
  await d.approve(UPPER_COMMITTEE, 'E4');
  await d.submit(c.clerk, 'E5', { contactIds: [m1, m2] });
  await d.submit(c.clerk, 'E6', { summary: '表现良好' });
  await d.approve(c.committee, 'E7');
  await d.approve(UPPER_COMMITTEE, 'E8');
  await d.submit(c.clerk, 'E9', { introducers: [m1, m2].map((personId) => ({ personId, consent: true })) });
  await d.submit(c.clerk, 'E10', { conclusion: 'pass' });
  await d.submit(c.clerk, 'E11', { days: 3 });
  await d.approve(c.committee, 'E12');
  await d.approve(UPPER_COMMITTEE, 'E13');
  await d.submit(c.clerk, 'E14', { formNo: `RD-CHAOS-${c.index}` });
  const entitled = await vote(d, c, 'E15', c.entitled);
  await d.submit(UPPER_CLERK, 'E16', { talkerId: 'p-fin-b02' });
  await d.approve(PARTY_GROUP, 'E17-PG');
  await d.approve(UPPER_COMMITTEE, 'E17');
  await d.submit(c.clerk, 'E20', { oathDate: today });
  for (let assessments = 0; ; assessments += 1) {
    const open = await d.firstOf(c.clerk, ['E21', 'E22']);
    if (open.step === 'E22') break;
    if (assessments >= 3) throw new CaseFailure(d.run.caseId!, 'more than 3 probation assessments in a drill');
    await d.submit(c.clerk, 'E21', { summary: '合格' });
  }
  await d.submit(c.clerk, 'E22', { applicationDate: today });
  await vote(d, c, 'E23', entitled, { resolution: 'full' });
  await d.approve(PARTY_GROUP, 'E24-PG');
  await d.approve(UPPER_COMMITTEE, 'E24');
  d.finish(await d.submit(c.clerk, 'E25', { archivedTo: '人事档案' }));
}

/** A branch vote (E15, E23) everyone entitled attends and approves; a stale count is corrected from the refusal. */
async function vote(
  d: CaseDriver,
  c: AdmissionFixture,
  step: string,
  entitled: number,
  extra: Record<string, unknown> = {},
): Promise<number> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const task = await d.task(c.clerk, step);
    const payload = { entitled, present: entitled, forVotes: entitled, ...extra };
    const res = await d.send(c.clerk, task.taskId, { outcome: 'submit', payload }, attempt ? `-n${entitled}` : '');
    if (res.status === 200) return entitled;
    const registryEntitled = res.body?.numbers?.registryEntitled;
    if (res.status === 422 && res.body?.code === 'ENTITLED_COUNT_MISMATCH' && typeof registryEntitled === 'number') {
      entitled = registryEntitled;
      continue;
    }
    throw new CaseFailure(d.run.caseId!, `${step}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  throw new CaseFailure(d.run.caseId!, `${step}: the entitled count kept changing`);
}

export async function runCase(d: CaseDriver): Promise<void> {
  const c = d.run.fixture;
  try {
    if (c.kind === 'establishment') await runEstablishment(d, c);
    else await runAdmission(d, c);
    d.run.done = true;
  } catch (err) {
    d.run.error = err instanceof Error ? err.message : String(err);
  } finally {
    d.run.endedAt = Date.now();
  }
}
