import { Inject, Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@gt/contracts';
import { AlertDispatcher } from '../alerts/alert-dispatcher.service';
import { ALERTING_CONFIG, type AlertingConfig } from '../config';
import { AlertingMetrics } from '../metrics/alerting.metrics';
import { RulesService } from '../rules/rules.service';
import { CountersRepository, type CountableEvent } from './counters.repository';

export function toCountable(envelope: EventEnvelope): CountableEvent {
  const { event } = envelope;
  return {
    gameId: envelope.gameId,
    playerId: event.playerId,
    eventId: event.eventId,
    timestampMs: Date.parse(event.timestamp),
    type: event.type,
    name: event.type === 'design' ? event.name : '',
  };
}

/**
 * Counts a batch of events against the current rules. Evaluation happens inside the same
 * Redis script that counts, so a threshold is checked on the very event that reaches it;
 * firings it claims are handed to the dispatcher at once.
 */
@Injectable()
export class CountingService {
  private readonly graceMs: number;

  constructor(
    private readonly counters: CountersRepository,
    private readonly rules: RulesService,
    private readonly dispatcher: AlertDispatcher,
    private readonly metrics: AlertingMetrics,
    @Inject(ALERTING_CONFIG)
    private readonly config: Pick<AlertingConfig, 'DEDUP_WINDOW_HOURS' | 'PLAYERS_EXACT_FLOOR'>,
  ) {
    this.graceMs = config.DEDUP_WINDOW_HOURS * 3_600_000;
  }

  async countBatch(envelopes: readonly EventEnvelope[]): Promise<string[]> {
    if (envelopes.length === 0) return [];
    const stop = this.metrics.batchSeconds.startTimer();
    const fired = await this.counters.count(envelopes.map(toCountable), this.rules.currentPlan(), {
      nowMs: Date.now(),
      graceMs: this.graceMs,
      playersFloor: this.config.PLAYERS_EXACT_FLOOR,
    });
    stop();
    this.metrics.eventsProcessed.inc(envelopes.length);
    if (fired.length > 0) {
      for (const key of fired)
        this.metrics.alertsFired.inc({ kind: key.includes(':players:') ? 'players_reached' : 'event_count' });
      this.dispatcher.kick();
    }
    return fired;
  }
}
