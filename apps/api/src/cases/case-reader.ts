import { Injectable } from '@nestjs/common';
import type { CaseState } from '../../../../libs/contracts';
import { CaseRecordRepository } from '../../../../libs/db';
import { CaseGateway } from './case.gateway';

/** Where a case view came from: the running workflow, or the SQL record written at its last wait point. */
export type CaseSource = 'workflow' | 'record';

/** A case as the API shows it, with the instant it describes. */
export type CaseView = CaseState & { asOf: string; source: CaseSource };

/**
 * Reads a case (DESIGN "the projection is the record"): a closed case from its SQL record only, so it outlives
 * Temporal's retention; a running case from its workflow, and from the record whenever the workflow cannot be queried
 * in time (no worker, Temporal down, history gone), so a read never waits on the engine.
 */
@Injectable()
export class CaseReader {
  constructor(
    private readonly gateway: CaseGateway,
    private readonly records: CaseRecordRepository,
  ) {}

  async read(caseId: string): Promise<CaseView> {
    const run = await this.records.runOf(caseId);
    if (run && run.status !== 'active') return this.fromRecord(caseId, null);
    try {
      const state = await this.gateway.caseState(caseId);
      return { ...state, asOf: new Date().toISOString(), source: 'workflow' };
    } catch (error) {
      if (!run) throw error;
      return this.fromRecord(caseId, error);
    }
  }

  private async fromRecord(caseId: string, cause: unknown): Promise<CaseView> {
    const record = await this.records.get(caseId);
    if (!record) throw cause ?? new Error(`case ${caseId}: record vanished while read`);
    return { ...record.state, asOf: record.asOf, source: 'record' };
  }
}
