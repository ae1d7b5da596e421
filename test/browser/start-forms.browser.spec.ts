import { DEMO_IDS } from '../../libs/db';
import { addToDate, getPolicy, localDate } from '../../libs/domain';
import { axeScan, screenshot } from './harness/chromium';
import { consoleSession } from './harness/console-session';

jest.setTimeout(240_000);

const BUDGET = DEMO_IDS.orgs.budgetBranch;
const OFFICE = DEMO_IDS.orgs.officeBranch;
const BUDGET_CLERK = DEMO_IDS.secretaries.budgetBranch;
const OFFICE_CLERK = DEMO_IDS.secretaries.officeBranch;

/**
 * The two start forms the other specs leave out (issue 9): a vacancy report (委员出缺 → 补选) and an early/delayed
 * election request (提前/延期换届), each filed on its page by the branch's clerk (its secretary, the submitter there)
 * and scanned with axe; the term shift is then withdrawn on its case page and shows 已撤回.
 */
describe('the vacancy and term-shift start forms and withdraw, in Chromium against the real stack', () => {
  const session = consoleSession('start-forms', { users: [BUDGET_CLERK, OFFICE_CLERK] });
  const today = localDate(new Date().toISOString(), getPolicy());

  it('files a vacancy report on its page; the by-election case opens', async () => {
    const roster = await session.http.call('GET', `/api/orgs/${BUDGET}/roster`, {
      token: session.tokens[BUDGET_CLERK],
    });
    const member = (roster.body.members as { personId: string; name: string }[]).find(
      (m) => m.personId === 'p-fin-b06',
    )!;

    const clerk = await session.pageAs(BUDGET_CLERK);
    await clerk.goto(`${session.stack.baseUrl}/start/vacancy`);
    // the date first: Enter confirms it and submits the form, which is incomplete until the picks below
    await session.ui.date(clerk, '出缺日期', today);
    await session.ui.pick(clerk, '党组织', '中共财政厅预算处支部委员会');
    await session.ui.pick(clerk, '出缺委员', member.name);
    await session.ui.pick(clerk, '职务', '委员');
    await session.ui.pick(clerk, '出缺原因', '调离');
    await screenshot(clerk, 'start-vacancy');
    expect(await axeScan(clerk, 'start-vacancy')).toEqual([]);
    await session.ui.submitStart(clerk, /\/cases\/byElection/);
    await clerk.getByTestId('case-status').filter({ hasText: '办理中' }).waitFor();
    const caseId = decodeURIComponent(clerk.url().split('/cases/')[1]!);
    const view = await session.http.call('GET', `/api/cases/${encodeURIComponent(caseId)}`, {
      token: session.tokens[BUDGET_CLERK],
    });
    expect(view.body).toMatchObject({ procedure: 'byElection', orgId: BUDGET, status: 'active' });
  });

  it('files a term shift on its page and withdraws it: the case shows 已撤回', async () => {
    const org = await session.http.call('GET', `/api/orgs/${OFFICE}`, { token: session.tokens[OFFICE_CLERK] });
    // a delay within the one-year window of RULES §B.3 (and never in the past)
    const planned = addToDate(org.body.termEnd as string, { months: 3 });
    expect(planned > today).toBe(true);

    const clerk = await session.pageAs(OFFICE_CLERK);
    await clerk.goto(`${session.stack.baseUrl}/start/term-shift`);
    await session.ui.pick(clerk, '党组织', '中共财政厅办公室支部');
    await session.ui.date(clerk, '拟换届日期', planned);
    // typed, as a user searches the grounds: found by their words
    await session.ui.pick(clerk, '理由类别', '党员外出较多');
    await clerk.getByLabel('具体理由', { exact: true }).fill('多数党员参加专项工作外出，延期三个月换届');
    await screenshot(clerk, 'start-term-shift');
    expect(await axeScan(clerk, 'start-term-shift')).toEqual([]);
    const caseId = await session.ui.submitStart(clerk, /\/cases\/termShift/);
    await clerk.getByTestId('case-status').filter({ hasText: '办理中' }).waitFor();

    await clerk.getByRole('button', { name: '撤回', exact: true }).click();
    const confirm = clerk.getByRole('dialog').filter({ hasText: '确定撤回该事项？' });
    await confirm.getByRole('button', { name: '确定' }).click();
    await clerk.getByTestId('case-status').filter({ hasText: '已撤回' }).waitFor();
    await expect(clerk.getByRole('button', { name: '撤回', exact: true }).count()).resolves.toBe(0);
    await screenshot(clerk, 'case-withdrawn');
    const view = await session.http.call('GET', `/api/cases/${encodeURIComponent(caseId)}`, {
      token: session.tokens[OFFICE_CLERK],
    });
    expect(view.body).toMatchObject({ procedure: 'termElection', orgId: OFFICE, status: 'withdrawn' });
  });
});
