import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { workerMetrics } from '../../../worker/src/activity-metrics.interceptor';

export type StatusCounter = () => Promise<Record<string, number>>;

/**
 * Prometheus metrics of the API process. Each app instance owns its registry so several apps
 * (tests, the embedded launcher) never collide on metric names.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly casesStarted = new Counter({
    name: 'branchflow_cases_started_total',
    help: 'Cases started through the API, by procedure',
    labelNames: ['procedure'],
    registers: [this.registry],
  });
  readonly decisions = new Counter({
    name: 'branchflow_decisions_total',
    help: 'Task decisions accepted by workflows, by outcome',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  readonly decisionLatency = new Histogram({
    name: 'branchflow_decision_latency_seconds',
    help: 'Time from the decision request to the workflow answer',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
    registers: [this.registry],
  });
  readonly httpErrors = new Counter({
    name: 'branchflow_http_errors_total',
    help: 'Error responses by error code',
    labelNames: ['code'],
    registers: [this.registry],
  });
  private statusCounter: StatusCounter | undefined;

  constructor() {
    const counter = (): StatusCounter | undefined => this.statusCounter;
    new Gauge({
      name: 'branchflow_cases',
      help: 'Cases by status (read model, computed at scrape time)',
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        const count = counter();
        if (!count) return;
        this.reset();
        for (const [status, n] of Object.entries(await count())) this.set({ status }, n);
      },
    });
    collectDefaultMetrics({ register: this.registry, prefix: 'branchflow_api_' });
  }

  /** The gauge of cases by status asks this function at each scrape. */
  useStatusCounter(counter: StatusCounter): void {
    this.statusCounter = counter;
  }

  /** The API's metrics plus the embedded worker's (activity failures), one exposition. */
  async render(): Promise<string> {
    return Registry.merge([this.registry, workerMetrics]).metrics();
  }
}
