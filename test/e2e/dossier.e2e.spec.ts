import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_IDS } from '../../libs/db';
import { caseSteps, drillToday, useAdmissionStack, type BranchRoles } from './harness/admission-driver';

jest.setTimeout(240_000);

const O = DEMO_IDS.orgs;
const BRANCH = O.budgetBranch;
const PERSON = DEMO_IDS.applicants.budget; // 司马静怡
const PERSON_NAME = '司马静怡';
const clerk = DEMO_IDS.secretaries.budgetBranch;
const branchCommittee = DEMO_IDS.users.budgetBranchApprover;
const upperCommittee = DEMO_IDS.users.financeOrganCommitteeApprover;
const outsider = DEMO_IDS.users.eduPartyGroupApprover;
const roles: BranchRoles = {
  clerk,
  committee: branchCommittee,
  upper: upperCommittee,
  partyGroup: DEMO_IDS.users.financePartyGroupApprover,
};
const REVIEW_TEXT = '经函调，本人及直系亲属政治历史清楚';

describe('dossier end to end over HTTP (dev server, worker, PGlite, drill policy, disk storage)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bf-e2e-att-'));
  });
  // zero waiting periods for this branch, through the policy table version in the registry
  const e2e = useAdmissionStack({
    users: [clerk, branchCommittee, upperCommittee, outsider, 'u-admin'],
    drillOrgIds: [BRANCH],
    env: () => ({ ATTACHMENTS_DIR: dir }),
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  const { http, tokens } = e2e;
  const fetchAs = (user: string, path: string, init: RequestInit = {}) =>
    fetch(`${e2e.stack.baseUrl}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${tokens[user]}`, ...(init.headers ?? {}) },
    });

  it('records the steps, the vote and the evidence, and exports them as JSON, HTML and PDF', async () => {
    const today = drillToday();
    const started = await http.call('POST', '/api/admission-cases', {
      token: tokens[clerk],
      body: { orgId: BRANCH, personId: PERSON, applicationDate: today },
    });
    expect(started.status).toBe(201);
    expect(started.body.policyVersion).toBe('2026.1-drill');
    const caseId = started.body.caseId as string;
    const { approve, submit, throughAdmissionForm } = caseSteps(e2e, caseId);

    await submit(clerk, 'E2', { talkerId: 'p-fin-b04' });
    await approve(branchCommittee, 'E3');
    await approve(upperCommittee, 'E4');
    await submit(clerk, 'E5', { contactIds: ['p-fin-b01', 'p-fin-b02'] });
    await submit(clerk, 'E6', { summary: '表现良好' });
    await approve(branchCommittee, 'E7');
    await approve(upperCommittee, 'E8');
    await throughAdmissionForm(roles, {
      introducers: ['p-fin-b01', 'p-fin-b02'],
      formNo: 'RD-2026-009',
      reviewComment: REVIEW_TEXT,
    });
    // 预算处党支部: 8 entitled full members; 6 for-votes pass (> 8/2), whoever is present
    await submit(clerk, 'E15', { entitled: 8, present: 7, forVotes: 5, writtenOpinionsFor: 1 });

    // evidence for the branch meeting, with a Chinese file name
    const minutes = Buffer.from('%PDF-1.4\n% minutes\n%%EOF\n');
    const form = new FormData();
    form.append('step', 'E15');
    form.append('file', new Blob([minutes], { type: 'application/pdf' }), '支部大会会议记录.pdf');
    const enc = encodeURIComponent(caseId);
    const uploaded = await fetchAs(clerk, `/api/cases/${enc}/attachments`, { method: 'POST', body: form });
    expect(uploaded.status).toBe(201);
    const attachment = (await uploaded.json()) as { id: string; fileName: string; downloadUrl: string };
    expect(attachment.fileName).toBe('支部大会会议记录.pdf');
    const refused = await fetchAs(outsider, attachment.downloadUrl);
    expect(refused.status).toBe(403);
    const download = await fetchAs(upperCommittee, attachment.downloadUrl);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(minutes);
    expect(download.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('支部大会会议记录.pdf')}`,
    );

    // JSON: the branch secretary sees the review done and passed, not its text (RULES H-15)
    const forClerk = await http.call('GET', `/api/admission-cases/${enc}/dossier`, { token: tokens[clerk] });
    expect(forClerk.status).toBe(200);
    const d = forClerk.body;
    expect(d.person).toMatchObject({ id: PERSON, name: PERSON_NAME });
    // the upper committee's talk (step 16) is next
    expect(d).toMatchObject({
      status: 'active',
      statusLabel: '进行中',
      statusLabelEn: 'In progress',
      stage: 'E16',
      stageLabel: 'E16 上级党委派人谈话',
      stageLabelEn: 'E16 Upper committee sends someone to talk',
    });
    expect(d.branch).toEqual({ id: BRANCH, name: '中共财政厅预算处支部委员会' });
    expect(d.steps).toHaveLength(25);
    expect(d.steps[1]).toMatchObject({ number: 2, status: 'done', actor: { id: clerk } });
    expect(d.steps[1].actor.name).not.toBe(clerk);
    expect(d.steps[14]).toMatchObject({ name: '支部大会讨论', status: 'done' });
    expect(d.steps[14].votes[0]).toMatchObject({
      entitled: 8,
      present: 7,
      forVotes: 5,
      writtenOpinionsFor: 1,
      totalFor: 6,
      requiredPresent: 5,
      requiredFor: 5,
      passed: true,
    });
    expect(d.steps[14].evidence.map((e: { id: string }) => e.id)).toEqual([attachment.id]);
    expect(d.steps[9]).toMatchObject({ status: 'done', outcome: 'pass' });
    expect(JSON.stringify(d)).not.toContain(REVIEW_TEXT);
    expect(d.keyDates.map((k: { key: string }) => k.key)).toEqual(
      expect.arrayContaining(['application', 'talk', 'activist', 'candidate', 'admissionVote']),
    );
    expect(d.steps[15].status).toBe('open'); // the upper committee's talk (step 16) is next
    expect(d.steps[16].status).toBe('notReached');
    // the upper committee's approver reads the conclusion
    const forUpper = await http.call('GET', `/api/admission-cases/${enc}/dossier`, { token: tokens[upperCommittee] });
    expect(forUpper.body.steps[9].events.map((e: { comment: string | null }) => e.comment)).toContain(REVIEW_TEXT);
    expect((await http.call('GET', `/api/admission-cases/${enc}/dossier`, { token: tokens[outsider] })).status).toBe(
      403,
    );

    // RULES H-15 in the other read paths: the case view and the inbox lists carry the review text only for the cleared
    const viewFor = (user: string) => http.call('GET', `/api/cases/${enc}`, { token: tokens[user] });
    const clerkView = await viewFor(clerk);
    expect(clerkView.status).toBe(200);
    expect(JSON.stringify(clerkView.body)).not.toContain(REVIEW_TEXT);
    expect(JSON.stringify((await viewFor(upperCommittee)).body)).toContain(REVIEW_TEXT);
    const inbox = await http.call('GET', `/api/inbox?status=all&caseId=${caseId}`, { token: tokens[clerk] });
    const review = (inbox.body.items as { caseId: string; step: string; comment: string | null }[]).find(
      (t) => t.caseId === caseId && t.step === 'E10',
    );
    expect(review).toMatchObject({ step: 'E10', comment: null });
    const bodyTasks = await http.call('GET', `/api/bodies/${BRANCH}/tasks?status=all`, {
      token: tokens[branchCommittee],
    });
    expect(bodyTasks.status).toBe(200);
    expect(bodyTasks.body.items.some((t: { step: string }) => t.step === 'E10')).toBe(true);
    expect(JSON.stringify(bodyTasks.body)).not.toContain(REVIEW_TEXT);

    // evidence is added by the case's branch or the body of the step's task: the upper committee not to a branch step
    const notTheirs = new FormData();
    notTheirs.append('step', 'E5');
    notTheirs.append('file', new Blob([minutes], { type: 'application/pdf' }), 'contacts.pdf');
    const refusedUpload = await fetchAs(upperCommittee, `/api/cases/${enc}/attachments`, {
      method: 'POST',
      body: notTheirs,
    });
    expect(refusedUpload.status).toBe(403);
    expect(((await refusedUpload.json()) as { code: string }).code).toBe('NOT_AUTHORIZED_FOR_ATTACHMENT');

    const html = await fetchAs(clerk, `/api/admission-cases/${enc}/dossier.html`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const page = await html.text();
    expect(page).toContain('<html lang="zh-CN">');
    expect(page).toContain(PERSON_NAME);
    expect(page).toContain('<tr><th>办理状态</th><td>进行中（E16 上级党委派人谈话）</td>');
    expect(page).toContain('支部大会会议记录.pdf');

    const pdf = await fetchAs(upperCommittee, `/api/admission-cases/${enc}/dossier.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], {
      input: Buffer.from(await pdf.arrayBuffer()),
    }).toString('utf8');
    expect(text).toContain(PERSON_NAME);
    expect(text.replace(/[ \t]+/g, ' ')).toContain('办理状态：进行中（E16 上级党委派人谈话）');
    expect(text).not.toContain('active');
    expect(text).toContain('支部大会');
    expect(text).toContain(REVIEW_TEXT.slice(0, 6));
  });
});
