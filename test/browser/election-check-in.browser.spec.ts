import { addToDate, getPolicy, localDate } from '../../libs/domain';
import { establishmentBody, establishmentDriver } from '../e2e/harness/establishment-driver';
import { axeScan, screenshot } from './harness/chromium';
import { consoleSession } from './harness/console-session';

jest.setTimeout(240_000);

const CLERK = 'u-clerk';

/**
 * The election check-in with an exclusion for being abroad (RULES §D.3, issue 9): the console asks for the day the
 * absence began and sends it; the six months are the API's rule, so a recent date is refused by the API (422 with the
 * rule and its numbers, shown as it answered) and an older one opens the meeting. The case reaches its founding
 * election over the API (the forms and decisions have their own specs).
 */
describe('the election check-in with an away-since date, in Chromium against the real stack', () => {
  const session = consoleSession('election-check-in', { users: [CLERK, 'u-pg-edu', 'u-wc-approver'] });
  const today = localDate(new Date().toISOString(), getPolicy());

  it('sends awaySince with an abroad exclusion: the API refuses six months not yet complete, then opens the meeting', async () => {
    const driver = establishmentDriver(session.http, session.tokens);
    const started = await session.http.call('POST', '/api/cases/establishment', {
      token: session.tokens[CLERK],
      body: establishmentBody({ name: '出国测试党支部' }),
    });
    expect(started.status).toBe(201);
    const caseId = started.body.caseId as string;
    const c2 = await driver.openTask('u-pg-edu', caseId, 'C2');
    expect((await driver.decide('u-pg-edu', caseId, c2.taskId, { outcome: 'approve' })).status).toBe(200);
    const c4 = await driver.openTask(CLERK, caseId, 'C4');
    const discussed = await driver.decide(CLERK, caseId, c4.taskId, {
      outcome: 'submit',
      payload: { discussionDate: today, summary: '全体党员酝酿同意' },
    });
    expect(discussed.status).toBe(200);
    const c5 = await driver.openTask('u-wc-approver', caseId, 'C5');
    const approved = await driver.decide('u-wc-approver', caseId, c5.taskId, { outcome: 'approve' });
    expect(approved.body).toMatchObject({ stage: 'C6' });

    const page = await session.pageAs(CLERK);
    await page.goto(`${session.stack.baseUrl}/cases/${encodeURIComponent(caseId)}/election`);
    const checkIn = page.getByTestId('check-in');
    await checkIn.waitFor();
    // a full member who is no candidate, among the first rows of the (virtualized) roster table
    const rows = checkIn.locator('.ant-table-row');
    await rows.first().waitFor();
    const keys = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-row-key') ?? ''));
    const personId = keys.find((k) => /^p-edu-(0[5-9]|10)$/.test(k))!;
    const abroad = await checkIn
      .locator(`.ant-table-row[data-row-key="${personId}"] .ant-table-cell`)
      .nth(1)
      .innerText();
    // the date field belongs to the timed reasons only
    await session.ui.pick(page, `不计入原因 ${abroad}`, '患有精神疾病或其他疾病不能表达本人意志');
    expect(await page.getByLabel(`离开日期 ${abroad}`, { exact: true }).count()).toBe(0);
    await session.ui.pick(page, `不计入原因 ${abroad}`, '出国半年以上');
    await page.getByLabel(`批准文件 ${abroad}`, { exact: true }).fill('教育厅机关党委〔2026〕8号');
    const recent = addToDate(today, { months: -2 });
    await session.ui.date(page, `离开日期 ${abroad}`, recent);
    await page.getByRole('button', { name: '到会 ✓' }).click();
    await page.getByText('符合法定人数').first().waitFor();
    await screenshot(page, 'election-check-in-away-since');
    expect(await axeScan(page, 'election-check-in-away-since')).toEqual([]);

    // two months away: the API's refusal with its rule and numbers, as it answered
    await page.getByTestId('open-meeting').click();
    const refusal = checkIn.locator('[role="alert"][data-code="EXCLUSION_TOO_SHORT"]');
    await refusal.waitFor();
    const text = await refusal.innerText();
    expect(text).toContain('RULES §D.3');
    expect(text).toContain(`awaySince = ${recent}`);
    expect(text).toMatch(/months = 6/);
    await screenshot(page, 'election-check-in-away-refused');

    // seven months away: the exclusion stands and the meeting opens
    await session.ui.date(page, `离开日期 ${abroad}`, addToDate(today, { months: -7 }));
    await page.getByTestId('open-meeting').click();
    await page.getByTestId('open-round').waitFor();
    expect(await page.getByTestId('quorum-numbers').first().innerText()).toMatch(/应到 9 人/);
  });
});
