import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@gt/service-kit';
import type { Counter, Histogram } from 'prom-client';

export type Downstream = 'core' | 'metrics';

const ID = /\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?=\/|$)/gi;

/** `/studios/<uuid>/games` -> `/studios/:id/games`, so labels stay few. */
export function routeOf(url: string): string {
  const path = new URL(url).pathname;
  return path.replace(ID, '/:id');
}

/**
 * Counts and times every downstream HTTP call (bff_downstream_requests_total and
 * bff_downstream_request_seconds on /metrics), at the fetch level, so a call is counted
 * exactly when it leaves the process.
 */
@Injectable()
export class DownstreamMetrics {
  private readonly requests: Counter<'service' | 'method' | 'route' | 'status'>;
  private readonly seconds: Histogram<'service'>;

  constructor(metrics: MetricsRegistry) {
    this.requests = metrics.counter(
      'bff_downstream_requests_total',
      'HTTP calls the BFF made to core and metrics',
      ['service', 'method', 'route', 'status'],
    );
    this.seconds = metrics.histogram(
      'bff_downstream_request_seconds',
      'Duration of HTTP calls to core and metrics',
      ['service'],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    );
  }

  /** A fetch that records each call; `base` is the real fetch. */
  instrument(service: Downstream, base: typeof globalThis.fetch = globalThis.fetch): typeof globalThis.fetch {
    return async (input, init) => {
      const request = input instanceof Request ? input : new Request(input, init);
      const route = routeOf(request.url);
      const stop = this.seconds.startTimer({ service });
      try {
        const response = await base(request);
        this.requests.inc({ service, method: request.method, route, status: String(response.status) });
        return response;
      } catch (e) {
        this.requests.inc({ service, method: request.method, route, status: 'error' });
        throw e;
      } finally {
        stop();
      }
    };
  }
}
