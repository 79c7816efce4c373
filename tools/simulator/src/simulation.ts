import type { TelemetryIssue, TelemetryStats } from '@gt/sdk-js';
import { SimulatedPlayer } from './player';
import { seededRng } from './random';

export interface SimulationOptions {
  endpoint: string;
  apiKey: string;
  /** Concurrent players. */
  players: number;
  /** Target events per second over all players. */
  eventsPerSecond: number;
  /** Player ids are `${playerPrefix}-${n}`. */
  playerPrefix: string;
  seed: number;
  batchSize?: number;
  flushIntervalMs?: number;
  onIssue?: (issue: TelemetryIssue) => void;
}

export interface SimulationTotals extends Omit<TelemetryStats, 'consecutiveFailures' | 'halted'> {
  players: number;
  retries: number;
  /** Players whose SDK stopped sending after a 401/403 (a revoked key). */
  halted: number;
}

/** N players acting against one ingestion endpoint; stop() flushes every player's queue. */
export class Simulation {
  private readonly players: SimulatedPlayer[] = [];
  private retries = 0;

  constructor(options: SimulationOptions) {
    const meanGapSeconds = options.players / Math.max(0.001, options.eventsPerSecond);
    for (let i = 0; i < options.players; i++) {
      this.players.push(
        new SimulatedPlayer(
          {
            apiKey: options.apiKey,
            endpoint: options.endpoint,
            playerId: `${options.playerPrefix}-${i + 1}`,
            appVersion: '1.0.0',
            storage: 'memory',
            batchSize: options.batchSize ?? 25,
            flushIntervalMs: options.flushIntervalMs ?? 1000,
            onIssue: (issue) => {
              if (issue.kind === 'retrying') this.retries++;
              options.onIssue?.(issue);
            },
          },
          seededRng(options.seed * 1_000_003 + i),
          meanGapSeconds,
        ),
      );
    }
  }

  get size(): number {
    return this.players.length;
  }

  start(): void {
    for (const p of this.players) p.start();
  }

  /** Every player acts `actions` times at once (no timers): for tests and quick bursts. */
  stepAll(actions: number): void {
    for (const p of this.players) for (let i = 0; i < actions; i++) p.step();
  }

  totals(): SimulationTotals {
    const t: SimulationTotals = {
      players: this.players.length,
      queued: 0,
      sent: 0,
      rejected: 0,
      dropped: 0,
      retries: this.retries,
      halted: 0,
    };
    for (const p of this.players) {
      const s = p.client.stats();
      t.queued += s.queued;
      t.sent += s.sent;
      t.rejected += s.rejected;
      t.dropped += s.dropped;
      if (s.halted) t.halted++;
    }
    return t;
  }

  async stop(timeoutMs = 5000): Promise<SimulationTotals> {
    await Promise.all(this.players.map((p) => p.stop(timeoutMs)));
    return this.totals();
  }
}
