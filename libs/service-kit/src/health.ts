import { Controller, Get, HttpCode, Injectable, type BeforeApplicationShutdown, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

export type HealthCheck = () => Promise<unknown> | unknown;

export interface HealthReport {
  status: 'ok' | 'unavailable';
  checks: Record<string, { status: 'ok' | 'down'; error?: string; ms: number }>;
}

/**
 * Services register one check per dependency (database, Kafka, Redis...). `ready` runs them
 * all with a timeout; `live` only says the process answers. Once shutdown begins, ready
 * turns false first, so a load balancer stops sending before the server closes.
 */
@Injectable()
export class HealthRegistry implements BeforeApplicationShutdown {
  private readonly checks = new Map<string, HealthCheck>();
  private shuttingDown = false;

  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  beforeApplicationShutdown(): void {
    this.shuttingDown = true;
  }

  async report(timeoutMs = 2000): Promise<HealthReport> {
    const checks: HealthReport['checks'] = {};
    await Promise.all(
      [...this.checks].map(async ([name, check]) => {
        const started = Date.now();
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            Promise.resolve().then(check),
            new Promise((_, reject) => {
              timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
            }),
          ]);
          checks[name] = { status: 'ok', ms: Date.now() - started };
        } catch (e) {
          checks[name] = { status: 'down', error: (e as Error).message, ms: Date.now() - started };
        } finally {
          if (timer) clearTimeout(timer);
        }
      }),
    );
    if (this.shuttingDown) checks['shutdown'] = { status: 'down', error: 'shutting down', ms: 0 };
    const ok = Object.values(checks).every((c) => c.status === 'ok');
    return { status: ok ? 'ok' : 'unavailable', checks };
  }
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly registry: HealthRegistry) {}

  @Get('live')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The process is up and answering.' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOkResponse({ description: 'Every dependency answered.' })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down or the service is shutting down.' })
  async ready(@Res({ passthrough: true }) res: Response): Promise<HealthReport> {
    const report = await this.registry.report();
    res.status(report.status === 'ok' ? 200 : 503);
    return report;
  }

  @Get()
  @ApiOkResponse({ description: 'Same as /health/ready.' })
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthReport> {
    return this.ready(res);
  }
}
