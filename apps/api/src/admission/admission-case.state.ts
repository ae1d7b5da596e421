import type { CaseReader, CaseView } from '../cases/case-reader';
import { ApiError } from '../common/api-error';

/** The state of a member-development case, or 404 ADMISSION_CASE_NOT_FOUND when the id names another procedure. */
export async function admissionCaseState(cases: CaseReader, caseId: string): Promise<CaseView> {
  const state = await cases.read(caseId);
  if (state.procedure !== 'admission') {
    throw ApiError.notFound('ADMISSION_CASE_NOT_FOUND', '未找到该发展党员事项', 'No member-development case here');
  }
  return state;
}
