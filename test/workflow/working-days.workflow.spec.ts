import { randomUUID } from 'node:crypto';
import { WORKFLOW_TYPES, type CaseState, type OrgLifePlanApprovalInput } from '../../libs/contracts';
import { libraryCalendar, workingDayCalendar } from '../../libs/calendar';
import { DEMO_IDS, WorkingDayRepository } from '../../libs/db';
import { addDuration, addToDate, addWorkingDays, getPolicy, localDate, orThrow } from '../../libs/domain';
import { waitForState, waitForTask } from './harness/case-polling';
import { serverNow, sleepUntil, terminateIdle, useHarness } from './harness/workflow-harness';

// Task deadlines in working days by policy (issue 10, option taskDueInWorkingDays, adopted by 2026.1-practice): the
// kernel counts a deadline in whole days on the working-day calendar it reads through an activity (the holiday
// library and the administrators' override table), and its reminder and escalation timers follow that due date.

jest.setTimeout(300_000);

const PRACTICE = '2026.1-practice';
const policy = getPolicy(PRACTICE);
const ORG = DEMO_IDS.orgs.budgetBranch;

describe('task deadlines in working days on the time-skipping server', () => {
  const h = useHarness();

  /** The plan approval P1 (due `orgLife.planApprovalDeadline`, 14 days) opened now under the practice pack. */
  async function openPlanApproval() {
    const caseId = `orgLifePlan:${ORG}:${randomUUID().slice(0, 8)}`;
    const input: OrgLifePlanApprovalInput = {
      caseId,
      orgId: ORG,
      orgPath: [
        ORG,
        DEMO_IDS.orgs.financeGeneralBranch,
        DEMO_IDS.orgs.financeOrganCommittee,
        DEMO_IDS.orgs.workCommittee,
      ],
      orgName: '财政厅预算处党支部',
      year: 2030,
      occurrenceCount: 40,
      submittedBy: 'u-sec-fin-budget',
      submittedAt: await serverNow(h),
      policyVersion: PRACTICE,
    };
    const handle = await h.env.client.workflow.start(WORKFLOW_TYPES.orgLifePlanApproval, {
      taskQueue: h.taskQueue,
      workflowId: caseId,
      args: [input],
    });
    const task = await waitForTask(handle, 'P1');
    const opened = (await waitForState(handle, (s) => s.timeline.some((e) => e.event === 'task.opened'))).timeline.find(
      (e) => e.event === 'task.opened',
    )!;
    return { handle, task, opened };
  }

  it('counts 14 working days across a National Day holiday and its make-up Saturday an administrator entered', async () => {
    expect(policy.taskDueInWorkingDays).toBe(true);
    expect(policy.orgLife.planApprovalDeadline).toEqual({ days: 14 });
    // a year neither the library nor the table knows yet, at least a year ahead of the server's clock
    const serverYear = Number((await serverNow(h)).slice(0, 4));
    const year = Math.max(libraryCalendar().years.at(-1)!, serverYear) + 2;

    // 1. Opened late in the year before: the count reaches the unknown year, so calendar time, and the case says why.
    await sleepUntil(h, `${year - 1}-12-28T02:00:00.000Z`);
    const before = await openPlanApproval();
    expect(before.task.dueAt).toBe(addDuration(before.task.createdAt, { days: 14 }));
    expect(before.opened.detail).toMatchObject({
      dueIn: { days: 14, basis: 'calendar' },
      calendar: { code: 'WORKING_DAY_CALENDAR_UNKNOWN_YEAR' },
    });
    await terminateIdle(before.handle);

    // 2. The administrator enters the year's National Day block and its make-up weekend day (调休上班).
    const overrides = new WorkingDayRepository(h.database);
    const block = Array.from({ length: 7 }, (_, i) => addToDate(`${year}-10-01`, { days: i }));
    const weekday = (d: string) => ![0, 6].includes(new Date(`${d}T00:00:00.000Z`).getUTCDay());
    for (const day of block.filter(weekday))
      await overrides.upsert({ date: day, working: false, note: '国庆节' }, 'u-admin');
    let makeUp = `${year}-10-08`;
    while (weekday(makeUp)) makeUp = addToDate(makeUp, { days: 1 });
    await overrides.upsert({ date: makeUp, working: true, note: '调休上班' }, 'u-admin');
    await overrides.upsert({ date: `${year}-01-01`, working: false, note: '元旦' }, 'u-admin');

    // 3. Opened on 29 September at 10:00 in Beijing: the holiday is skipped, the make-up day counted.
    await sleepUntil(h, `${year}-09-29T02:00:00.000Z`);
    const { handle, task, opened } = await openPlanApproval();
    const created = localDate(task.createdAt, policy);
    const calendar = workingDayCalendar(await overrides.list());
    const dueDate = orThrow(addWorkingDays(created, 14, calendar));
    const dueAt = addDuration(task.createdAt, {
      days: Math.round((Date.parse(dueDate) - Date.parse(created)) / 86_400_000),
    });
    expect(task.dueAt).toBe(dueAt);
    expect(localDate(task.dueAt!, policy)).toBe(dueDate);
    expect(opened.detail).toMatchObject({ dueIn: { days: 14, basis: 'workingDays' } });
    expect(opened.detail).not.toHaveProperty('calendar');
    // five weekday holidays and one make-up day: at least four calendar days beyond two plain weeks
    const calendarDue = addDuration(task.createdAt, { days: 14 });
    expect(Date.parse(dueAt) - Date.parse(calendarDue)).toBeGreaterThanOrEqual(4 * 86_400_000);
    expect(dueDate > makeUp).toBe(true);

    // 4. The escalation timer follows the working-day due date: nothing at the calendar-time due, escalated after.
    await sleepUntil(h, addDuration(calendarDue, { hours: 1 }));
    let state: CaseState = await waitForState(handle, () => true);
    expect(state.timeline.filter((e) => e.event === 'task.escalated')).toHaveLength(0);
    await sleepUntil(h, addDuration(dueAt, { hours: 1 }));
    state = await waitForState(handle, (s) => s.timeline.some((e) => e.event === 'task.escalated'));
    expect(state.timeline.find((e) => e.event === 'task.escalated')?.detail).toMatchObject({ level: 1, dueAt });
    await terminateIdle(handle);
  });
});
