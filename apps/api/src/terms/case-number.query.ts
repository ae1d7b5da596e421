import { Inject, Injectable } from '@nestjs/common';
import { eq } from 'drizzle-orm';
import { caseSummaries, type Database } from '../../../../libs/db';
import { DATABASE } from '../api-settings';

/** A case id of one numbered series (`<prefix><n>`) and its status in the case list projection. */
export interface NumberedCase {
  caseId: string;
  n: number;
  status: string;
}

/**
 * Numbered case series of an organization (termShift:<orgId>:<termNo>:<n>, byElection:<orgId>:<n>) from the case list
 * projection, which outlives Temporal's retention; the start itself still probes forward past taken numbers.
 */
@Injectable()
export class CaseNumbers {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async series(orgId: string, prefix: string): Promise<NumberedCase[]> {
    const rows = await this.database.db
      .select({ caseId: caseSummaries.caseId, status: caseSummaries.status })
      .from(caseSummaries)
      .where(eq(caseSummaries.orgId, orgId));
    const found: NumberedCase[] = [];
    for (const row of rows) {
      if (!row.caseId.startsWith(prefix)) continue;
      const rest = row.caseId.slice(prefix.length);
      if (/^[1-9]\d*$/.test(rest)) found.push({ caseId: row.caseId, n: Number(rest), status: row.status });
    }
    return found.sort((a, b) => a.n - b.n);
  }

  /** The number the next case of the series should take: one above the highest known. */
  static next(series: readonly NumberedCase[]): number {
    return series.reduce((max, c) => Math.max(max, c.n), 0) + 1;
  }
}
