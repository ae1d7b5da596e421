import { caseRuns } from '../../../../libs/contracts';
import type { CaseRecord, CaseRecordRepository } from '../../../../libs/db';

/**
 * The recorded runs of a yearly case's business key (democraticLife:…:<year>, secretaryReport:…:<year>), newest first:
 * a refused or withdrawn attempt may be followed by another run with its own case id (`…~2`).
 */
export async function yearCaseRuns(
  records: CaseRecordRepository,
  workflowId: string,
): Promise<{ caseId: string; record: CaseRecord }[]> {
  const last = caseRuns.run(await records.nextCaseId(workflowId)) - 1;
  const out: { caseId: string; record: CaseRecord }[] = [];
  for (let run = last; run >= 1; run--) {
    const caseId = caseRuns.caseId(workflowId, run);
    const record = await records.get(caseId);
    if (record) out.push({ caseId, record });
  }
  return out;
}
