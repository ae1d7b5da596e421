import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Client } from '@temporalio/client';
import type { HttpResponse } from '../common/http.types';
import type { Database } from '../../../../libs/db';
import { DATABASE, TEMPORAL_CLIENT } from '../api-settings';
import { Public } from '../auth/public.decorator';

const TEMPORAL_DEADLINE_MS = 2000;

type CheckResult = { status: 'up' } | { status: 'down'; error: string };

async function check(fn: () => Promise<unknown>): Promise<CheckResult> {
  try {
    await fn();
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', error: error instanceof Error ? error.message : String(error) };
  }
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready when the read-model DB answers and the Temporal frontend answers within a short deadline; else 503. */
  @Get('ready')
  async ready(
    @Res({ passthrough: true }) response: HttpResponse,
  ): Promise<{ status: 'ok' | 'unavailable'; checks: Record<string, CheckResult> }> {
    const [db, temporal] = await Promise.all([
      check(() => this.database.ping()),
      check(() =>
        this.client.connection.withDeadline(Date.now() + TEMPORAL_DEADLINE_MS, () =>
          this.client.connection.workflowService.getSystemInfo({}),
        ),
      ),
    ]);
    const checks = { db, temporal };
    if (db.status !== 'up' || temporal.status !== 'up') {
      response.status(503);
      return { status: 'unavailable', checks };
    }
    return { status: 'ok', checks };
  }
}
