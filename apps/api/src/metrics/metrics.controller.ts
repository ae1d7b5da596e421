import { Controller, Get, Header, Headers, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { API_SETTINGS, type ApiSettings } from '../api-settings';
import { Public } from '../auth/public.decorator';
import { ApiError } from '../common/api-error';
import { MetricsService } from './metrics.service';

@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  /** Public unless METRICS_TOKEN is set: then the scraper sends it as a bearer token (issue 8 §4). */
  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(@Headers('authorization') authorization?: string): Promise<string> {
    const token = this.settings.metricsToken;
    if (token !== undefined && authorization !== `Bearer ${token}`) throw ApiError.unauthenticated();
    return this.metrics.render();
  }
}
