import {
  caseStateQuery,
  decideTaskUpdate,
  orgLifeQuery,
  WORKFLOW_TYPES,
  workflowIds,
  type OrgLifeInput,
  type OrgLifeView,
  type SecretaryReportInput,
  type SecretaryReportResult,
} from '../../libs/contracts';
import { DEMO_IDS, OrgLifeRepository } from '../../libs/db';
import { CURRENT_POLICY_VERSION } from '../../libs/domain';
import { refusal, waitForState, waitForTask } from './harness/case-polling';
import { actor, sleepUntil, startHarness, type Harness } from './harness/workflow-harness';

jest.setTimeout(600_000);

const ORG = DEMO_IDS.orgs.officeBranch;
const UPPER = DEMO_IDS.orgs.financeOrganCommittee;
const secretary = actor('u-sec-fin-office', [{ role: 'submitter', at: ORG }]);
const upper = actor('u-oc-approver', [{ role: 'approver', at: UPPER }]);

/**
 * 述职评议 on the time-skipping server — RULES §F (机关条例2019 Art. 39): the secretary's report marks the plan's
 * secretaryReport occurrence held, the upper organization appraises it (the grade follows the votes), a 差 opens the
 * rectification report.
 */
describe("secretary's yearly report on the time-skipping server — RULES §F", () => {
  let h: Harness;
  const started: string[] = [];
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    for (const id of started) {
      await h.env.client.workflow
        .getHandle(id)
        .terminate('test done')
        .catch(() => undefined);
    }
    await h?.stop();
  });

  it('records the report in the plan, appraises it by the votes, and asks for rectification after a 差', async () => {
    await sleepUntil(h, '2027-12-01');
    const orgLifeInput: OrgLifeInput = {
      orgId: ORG,
      orgPath: [ORG, UPPER, DEMO_IDS.orgs.workCommittee],
      orgName: '中共财政厅办公室支部',
      orgType: 'branch',
      hasCommittee: false,
      year: 2027,
      planFrom: '2027-12-01',
      upperBodyId: UPPER,
      startedBy: secretary.userId,
      policyVersion: CURRENT_POLICY_VERSION,
    };
    started.push(workflowIds.orgLife(ORG));
    const plan = await h.env.client.workflow.start(WORKFLOW_TYPES.orgLife, {
      taskQueue: h.taskQueue,
      workflowId: workflowIds.orgLife(ORG),
      args: [orgLifeInput],
    });
    await sleepUntil(h, '2027-12-10');
    const caseId = workflowIds.secretaryReport(ORG, 2027);
    const input: SecretaryReportInput = {
      caseId,
      orgId: ORG,
      orgPath: orgLifeInput.orgPath,
      orgName: orgLifeInput.orgName,
      year: 2027,
      secretaryPersonId: 'p-fin-o02',
      secretaryName: '书记',
      report: '一年来，支部坚持三会一课……',
      reportedOn: '2027-12-10',
      upperBodyId: UPPER,
      submittedBy: secretary.userId,
      submittedAt: new Date(await h.env.currentTimeMs()).toISOString(),
      policyVersion: CURRENT_POLICY_VERSION,
    };
    started.push(caseId);
    const handle = await h.env.client.workflow.start(WORKFLOW_TYPES.secretaryReport, {
      taskQueue: h.taskQueue,
      workflowId: caseId,
      args: [input],
    });

    // The plan counts the report held, with a record that names the case.
    let view: OrgLifeView = await plan.query(orgLifeQuery);
    for (let i = 0; i < 100; i++) {
      view = await plan.query(orgLifeQuery);
      if (view.occurrences.find((o) => o.kind === 'secretaryReport')?.status === 'held') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const occurrence = view.occurrences.find((o) => o.kind === 'secretaryReport')!;
    expect(occurrence).toMatchObject({ status: 'held', recordId: `olr-${caseId}` });
    expect((await new OrgLifeRepository(h.database).getRecord(`olr-${caseId}`))?.heldOn).toBe('2027-12-10');

    // The upper organization appraises: the grade follows the votes (差 has the most).
    const r1 = await waitForTask(handle, 'R1', 60_000);
    expect(r1.assignedBodyId).toBe(UPPER);
    const appraise = (grade: string) =>
      handle.executeUpdate(decideTaskUpdate, {
        args: [
          {
            actor: upper,
            taskId: r1.taskId,
            outcome: 'approve',
            payload: { appraisedOn: '2027-12-15', grade, votes: { good: 2, fairlyGood: 3, average: 3, poor: 5 } },
          },
        ],
      });
    await sleepUntil(h, '2027-12-16');
    expect(await refusal(appraise('average'))).toBe('GRADE_NOT_SUPPORTED_BY_VOTES');
    expect(
      await refusal(
        handle.executeUpdate(decideTaskUpdate, {
          args: [
            {
              actor: secretary,
              taskId: r1.taskId,
              outcome: 'submit',
              payload: { appraisedOn: '2027-12-15', grade: 'poor' },
            },
          ],
        }),
      ),
    ).toBe('NOT_ASSIGNED');
    await appraise('poor');

    // 差 calls for a rectification report within 3 months.
    const r2 = await waitForTask(handle, 'R2', 60_000);
    expect(r2.assignedBodyId).toBe(ORG);
    expect(r2.title).toContain('2028-03-15');
    const rectify = (rectifiedOn: string) =>
      handle.executeUpdate(decideTaskUpdate, {
        args: [{ actor: secretary, taskId: r2.taskId, outcome: 'submit', payload: { rectifiedOn, summary: '已整改' } }],
      });
    expect(await refusal(rectify('2027-12-14'))).toBe('RECTIFIED_DATE_INVALID');
    await sleepUntil(h, '2028-02-20');
    await rectify('2028-02-18');
    const done = await waitForState(handle, (s) => s.status !== 'active', 60_000);
    expect(done.status).toBe('completed');
    expect(done.data.result as SecretaryReportResult).toEqual({
      reportedOn: '2027-12-10',
      appraisedOn: '2027-12-15',
      grade: 'poor',
      votes: { good: 2, fairlyGood: 3, average: 3, poor: 5 },
      rectifyBy: '2028-03-15',
      rectifiedOn: '2028-02-18',
    });
    const state = await handle.query(caseStateQuery);
    expect(state.timeline.some((e) => e.event === 'secretaryReport.appraised')).toBe(true);
  });
});
