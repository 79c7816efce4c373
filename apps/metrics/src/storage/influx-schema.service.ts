import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HealthRegistry } from '@gt/service-kit';
import { METRICS_CONFIG, type MetricsConfig } from '../config';
import { InfluxRepository } from './influx.repository';
import { DAY_MS, HOUR_MS } from './schema';

/**
 * Brings the InfluxDB schema up at boot without blocking the boot: InfluxDB may be down when the
 * service starts, and /health/live must answer meanwhile. Retries with backoff; `ready` resolves
 * once the database, retention policies and continuous queries exist. Readiness reports InfluxDB.
 */
@Injectable()
export class InfluxSchemaService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('InfluxSchema');
  private schemaReady = false;
  private stopped = false;
  private wake: (() => void) | undefined;
  private resolveReady: () => void = () => undefined;
  /** Resolves once the schema is in place (never rejects; waits through outages). */
  readonly ready: Promise<void> = new Promise((resolve) => (this.resolveReady = resolve));

  constructor(
    private readonly repo: InfluxRepository,
    @Inject(METRICS_CONFIG) private readonly config: MetricsConfig,
    health: HealthRegistry,
  ) {
    health.register('influxdb', async () => {
      await this.repo.ping();
      if (!this.schemaReady) throw new Error('schema not ready yet');
    });
  }

  onApplicationBootstrap(): void {
    void this.bringUp();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    this.wake?.();
  }

  private async bringUp(): Promise<void> {
    let delay = 250;
    while (!this.stopped) {
      try {
        if (this.config.INFLUX_MANAGE_SCHEMA) await this.repo.ensureSchema();
        else await this.repo.ping();
        break;
      } catch (err) {
        this.log.warn(`InfluxDB schema not ready (${(err as Error).message}); retrying in ${delay} ms`);
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, delay).unref();
        });
        delay = Math.min(delay * 2, 10_000);
      }
    }
    if (this.stopped) return;
    this.schemaReady = true;
    this.resolveReady();
    if (this.config.INFLUX_MANAGE_SCHEMA && this.config.CONSUMER_ENABLED) await this.catchUp();
  }

  /**
   * Continuous queries do not run while InfluxDB is down, and only look 3 hours (2 days) back:
   * after a restart, recompute the last day of rollups for every game, so that an outage shorter
   * than a day leaves no period half rolled up. Idempotent, so several instances may all do it.
   */
  private async catchUp(): Promise<void> {
    const now = Date.now();
    const hourEnd = Math.floor(now / HOUR_MS) * HOUR_MS;
    const dayEnd = Math.floor(now / DAY_MS) * DAY_MS;
    try {
      await this.repo.catchUpRollups('hourly', hourEnd - DAY_MS, hourEnd);
      await this.repo.catchUpRollups('daily', dayEnd - 2 * DAY_MS, dayEnd);
    } catch (err) {
      this.log.warn(
        `rollup catch-up failed (${(err as Error).message}); the continuous queries cover the last 3 hours`,
      );
    }
  }
}
