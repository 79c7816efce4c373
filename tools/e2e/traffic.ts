// Game traffic for the browser tests, sent the way a game sends it: with the TypeScript SDK
// (@gt/sdk-js) and a game client's API key, to the run's ingestion service.
import { randomUUID } from 'node:crypto';
import { TelemetryClient, type TelemetryIssue } from '@gt/sdk-js';

export interface TrafficResult {
  sent: number;
  rejected: number;
  remaining: number;
  issues: TelemetryIssue[];
}

export interface TrafficOptions {
  /** Distinct players, each with one session. */
  players: number;
  /** Prefix of the player ids, so two batches can be new players or the same ones. */
  playerPrefix?: string;
  /** Custom events per player. */
  designEvents?: number;
}

/**
 * Plays `players` short sessions: start, a few custom events, a level started and completed,
 * a purchase for every other player, an error for every third, and the end of the session.
 */
export async function playSessions(
  endpoint: string,
  apiKey: string,
  options: TrafficOptions,
): Promise<TrafficResult> {
  const issues: TelemetryIssue[] = [];
  const total: TrafficResult = { sent: 0, rejected: 0, remaining: 0, issues };
  const prefix = options.playerPrefix ?? `player-${randomUUID().slice(0, 8)}`;
  for (let i = 0; i < options.players; i++) {
    const client = new TelemetryClient({
      apiKey,
      endpoint,
      playerId: `${prefix}-${i}`,
      appVersion: '1.0.0-e2e',
      storage: 'memory',
      // Everything goes out on flush(); no background timer sends half a batch.
      flushIntervalMs: 60_000,
      batchSize: 100,
      onIssue: (issue) => issues.push(issue),
    });
    client.startSession();
    for (let n = 0; n < (options.designEvents ?? 3); n++)
      client.track(n % 2 ? 'Tutorial:Step' : 'Boss:Defeated', n + 1);
    client.progression('start', 'level-1');
    client.progression(i % 4 === 3 ? 'fail' : 'complete', 'level-1', { score: 100 + i });
    if (i % 2 === 0) client.purchase({ currency: 'USD', amount: 499, itemId: 'gem-pack' });
    if (i % 3 === 0) client.error('warning', 'texture streaming slow');
    client.endSession();
    const flushed = await client.flush();
    const stats = client.stats();
    total.sent += stats.sent;
    total.rejected += stats.rejected;
    total.remaining += flushed.remaining;
    await client.shutdown(1000);
  }
  return total;
}

/** One event sent by hand: ingestion's HTTP status (202 accepted, 401/403 for a bad key). */
export async function sendOneEvent(endpoint: string, apiKey: string): Promise<number> {
  const res = await fetch(`${endpoint}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body: JSON.stringify({
      events: [
        {
          eventId: randomUUID(),
          type: 'design',
          playerId: 'probe-player',
          sessionId: 'probe-session',
          timestamp: new Date().toISOString(),
          name: 'Probe:Check',
        },
      ],
    }),
  });
  await res.text();
  return res.status;
}
