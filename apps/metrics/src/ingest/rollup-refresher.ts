// Recomputes the rollups of periods that received late events. A batch with late events marks
// their periods pending in InfluxDB (a durable note, written before the batch is committed) and
// hands them here; every second (or less often while passes are slow), all pending periods are
// recomputed at once and unmarked. During
// a long catch-up, many batches touch the same hours: recomputing them once a second rather than
// once a batch keeps the consumer close to InfluxDB's write rate. After a crash, the notes left
// in InfluxDB are picked up at start, so no late event is ever left out of its rollup.
import type { InfluxRepository, RollupRange } from '../storage/influx.repository';
import { TIER_PERIOD_MS, type RollupTier } from '../storage/schema';

export type RefresherRepository = Pick<
  InfluxRepository,
  'refreshRollups' | 'pendingRollups' | 'clearPendingRollups'
>;

interface Period {
  tier: RollupTier;
  game: string;
  start: number;
  /** Bumped each time the period is marked again, so a mark made during a refresh is kept. */
  generation: number;
}

export class RollupRefresher {
  private readonly pending = new Map<string, Period>();
  private generation = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private lastError: string | undefined;
  private lastPassMs = 0;
  private stopped = true;

  constructor(
    private readonly repo: RefresherRepository,
    private readonly intervalMs = 1000,
  ) {}

  /** Periods of these ranges need recomputing (their pending marks are already stored). */
  enqueue(ranges: readonly RollupRange[]): void {
    for (const r of ranges) {
      const period = TIER_PERIOD_MS[r.tier];
      for (let start = r.fromMs; start < r.toMs; start += period) {
        this.pending.set(`${r.tier}|${r.game}|${start}`, {
          tier: r.tier,
          game: r.game,
          start,
          generation: ++this.generation,
        });
      }
    }
  }

  /** Resumes the marks a previous run left, then refreshes every interval. */
  async start(): Promise<void> {
    this.enqueue(await this.repo.pendingRollups());
    this.stopped = false;
    this.schedule();
  }

  /** Stops the timer after a last pass (what remains stays marked in InfluxDB for the next start). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    await this.refreshNow();
  }

  /** Periods waiting to be recomputed (0 when the rollups hold every stored event). */
  size(): number {
    return this.pending.size;
  }

  error(): string | undefined {
    return this.lastError;
  }

  /** One pass over everything pending; concurrent calls share the pass in progress. */
  refreshNow(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * The next pass in `intervalMs`, or later when passes are slow: at most a fifth of InfluxDB's
   * time goes to recomputing rollups while a long backlog is consumed, and the marks coalesce.
   */
  private schedule(): void {
    if (this.stopped) return;
    const wait = Math.max(this.intervalMs, 4 * this.lastPassMs);
    this.timer = setTimeout(() => {
      void this.refreshNow().finally(() => this.schedule());
    }, wait);
    this.timer.unref();
  }

  private async pass(): Promise<void> {
    if (this.pending.size === 0) return;
    const snapshot = [...this.pending.entries()];
    const started = Date.now();
    try {
      // Hourly before daily: the repository runs them in that order, in one request.
      await this.repo.refreshRollups(toRanges(snapshot.map(([, p]) => p)));
      // Unmark only what was not marked again meanwhile: that needs another pass.
      const done = snapshot.filter(([key, p]) => this.pending.get(key)?.generation === p.generation);
      await this.repo.clearPendingRollups(toRanges(done.map(([, p]) => p)));
      for (const [key] of done) this.pending.delete(key);
      this.lastError = undefined;
    } catch (err) {
      // InfluxDB down: everything stays pending, the next pass tries again.
      this.lastError = err instanceof Error ? err.message : String(err);
    } finally {
      this.lastPassMs = Date.now() - started;
    }
  }
}

/** Periods -> ranges of consecutive periods per tier and game. */
export function toRanges(
  periods: readonly { tier: RollupTier; game: string; start: number }[],
): RollupRange[] {
  const sorted = [...periods].sort(
    (a, b) => a.tier.localeCompare(b.tier) || a.game.localeCompare(b.game) || a.start - b.start,
  );
  const out: RollupRange[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    const len = TIER_PERIOD_MS[p.tier];
    if (last && last.tier === p.tier && last.game === p.game && last.toMs === p.start)
      last.toMs = p.start + len;
    else if (!(last && last.tier === p.tier && last.game === p.game && last.toMs > p.start)) {
      out.push({ tier: p.tier, game: p.game, fromMs: p.start, toMs: p.start + len });
    }
  }
  return out;
}
