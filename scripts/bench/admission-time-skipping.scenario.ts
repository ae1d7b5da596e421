import type { AdmissionDates, CaseState } from '../../libs/contracts';
import { admissionInput, driveAdmissionHappyPath, seedApplicants, startAdmissionCase } from './admission.driver';
import { caseHistorySize, type CaseHistorySize } from './history';
import { elapsedSince } from './stats';
import { startTimeSkippingStack } from './time-skipping-stack';

export interface AdmissionTimeSkippingResult {
  caseId: string;
  /** workflow start → result, the whole case driven by updates and server time skips */
  wallMs: number;
  updates: number;
  skips: number;
  /** application → archive in case time (days) */
  caseDays: number;
  dates: AdmissionDates;
  history: CaseHistorySize;
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/**
 * One complete member development case (RULES §E, E1–E25, about two and a half years of case time) on the Java
 * time-skipping test server, with the Branchflow worker in this process (prebuilt bundle, real activities) on an
 * in-memory PGlite with the demo data. The wall time covers start → result; server and worker start-up are not in it.
 */
export async function measureAdmissionOnTimeSkipping(bundle: {
  codePath: string;
}): Promise<AdmissionTimeSkippingResult> {
  const stack = await startTimeSkippingStack('bench-admission-time-skipping', bundle);
  const { env, taskQueue } = stack;
  try {
    await seedApplicants(stack.database, 'ts', 1);
    const input = admissionInput('p-bench-adm-ts-0', '申请人1');
    const t0 = performance.now();
    const handle = await startAdmissionCase(env.client, taskQueue, input);
    const counts = await driveAdmissionHappyPath(handle, (duration) => env.sleep(duration));
    const final = (await handle.result()) as CaseState;
    const wallMs = elapsedSince(t0);
    if (final.status !== 'completed') throw new Error(`${input.caseId} ended ${final.status} (${final.closeReason})`);
    const dates = final.data.dates as AdmissionDates;
    return {
      caseId: input.caseId,
      wallMs,
      ...counts,
      caseDays: daysBetween(dates.application!, dates.archived!),
      dates,
      history: await caseHistorySize(env.client, input.caseId),
    };
  } finally {
    await stack.stop();
  }
}
