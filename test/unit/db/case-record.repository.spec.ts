import { CaseRecordRepository, CaseSummaryRepository, type CaseRecordPatch } from '../../../libs/db';
import { LANES, useLane } from './lanes';

function patch(over: Partial<CaseRecordPatch> = {}): CaseRecordPatch {
  return {
    caseId: 'admission:org-b:p-1',
    workflowId: 'admission:org-b:p-1',
    firstRunId: 'run-1',
    policyVersion: '2026.1',
    closeReason: null,
    seq: 1,
    at: '2026-03-01T08:00:00.000Z',
    data: {},
    removed: [],
    ...over,
  };
}

async function summary(repo: CaseSummaryRepository, caseId: string, status: 'active' | 'withdrawn' = 'active') {
  await repo.upsert({
    caseId,
    procedure: 'admission',
    orgId: 'org-b',
    orgPath: ['org-b', 'org-oc', 'org-wc'],
    title: '发展党员：张三',
    status,
    stage: 'E2',
    submittedBy: 'u-clerk',
    submittedAt: '2026-03-01T08:00:00.000Z',
    pendingBodyIds: [],
    dueAt: null,
    closedAt: status === 'active' ? null : '2026-03-02T08:00:00.000Z',
  });
}

describe.each(LANES)('CaseRecordRepository on %s', (lane) => {
  const db = useLane(lane);
  let records: CaseRecordRepository;
  let summaries: CaseSummaryRepository;

  beforeAll(() => {
    records = new CaseRecordRepository(db());
    summaries = new CaseSummaryRepository(db());
  });

  it('merges data key by key: a flush applied late never overwrites a newer value of the same key', async () => {
    const caseId = 'case-merge';
    await summary(summaries, caseId);
    await records.apply(patch({ caseId, seq: 1, data: { dates: { application: '2026-03-01' }, flags: [] } }));
    await records.apply(patch({ caseId, seq: 3, at: '2026-03-03T00:00:00.000Z', data: { flags: ['talkOverdue'] } }));
    // flush 2 arrives after flush 3 (a retried activity): its `flags` is older, its `contacts` key is new
    await records.apply(
      patch({ caseId, seq: 2, at: '2026-03-02T00:00:00.000Z', data: { flags: ['stale'], contacts: ['p-9'] } }),
    );
    const record = await records.get(caseId);
    expect(record!.state.data).toEqual({
      dates: { application: '2026-03-01' },
      flags: ['talkOverdue'],
      contacts: ['p-9'],
    });
    expect(record!.asOf).toBe('2026-03-03T00:00:00.000Z');

    await records.apply(patch({ caseId, seq: 4, at: '2026-03-04T00:00:00.000Z', removed: ['contacts'] }));
    expect((await records.get(caseId))!.state.data).toEqual({
      dates: { application: '2026-03-01' },
      flags: ['talkOverdue'],
    });
  });

  it('keeps the close reason of the newest flush and answers the run of a case id', async () => {
    const caseId = 'case-close';
    await summary(summaries, caseId, 'withdrawn');
    await records.apply(patch({ caseId, seq: 2, closeReason: '撤回', firstRunId: 'run-7' }));
    await records.apply(patch({ caseId, seq: 1, closeReason: null, firstRunId: 'run-7' }));
    const record = await records.get(caseId);
    expect(record!.state).toMatchObject({ caseId, status: 'withdrawn', closeReason: '撤回', pendingTasks: [] });
    expect(await records.runOf(caseId)).toEqual({
      caseId,
      workflowId: 'admission:org-b:p-1',
      firstRunId: 'run-7',
      status: 'withdrawn',
    });
    expect(await records.runOf('case-unknown')).toBeNull();
  });

  it('numbers a new run one past every run a summary names, the legacy first run included', async () => {
    const key = 'admission:org-x:p-2';
    expect(await records.nextCaseId(key)).toBe(key);
    await summary(summaries, key, 'withdrawn'); // a first run from before case records
    expect(await records.nextCaseId(key)).toBe(`${key}~2`);
    await summary(summaries, `${key}~2`, 'withdrawn');
    await summary(summaries, 'admission:org-x:p-20', 'withdrawn'); // another person: not a run of this key
    expect(await records.nextCaseId(key)).toBe(`${key}~3`);
  });
});
