import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { ALERTING_CONFIG, type AlertingConfig } from '../config';
import { CoreRepository } from '../core/core.repository';
import { AlertingMetrics } from '../metrics/alerting.metrics';
import { isActive, type AlertRule } from './alert-rule';
import { buildCounterPlan, type CounterPlan } from './counter-plan';
import { RulesStoreRepository } from './rules-store.repository';

/**
 * Poll overlap: a rule committed just before core read its clock for `serverTime` may carry
 * an updatedAt a little earlier than that; asking again for a few seconds back costs nothing
 * (applying a rule twice is a no-op) and never misses one.
 */
const OVERLAP_MS = 5000;

/**
 * The rules cache: loaded from Redis at start (so core being down does not stop alerting),
 * then kept current by polling core's feed of changed rules every RULES_POLL_MS. Every change
 * rebuilds the counter plan the consumer uses for its next batch.
 */
@Injectable()
export class RulesService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('RulesService');
  private readonly rules = new Map<string, AlertRule>();
  private plan: CounterPlan;
  private cursor: string | null = null;
  private loaded = false;
  private lastSyncAt: number | null = null;
  private lastError: string | null = null;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private inFlight: Promise<void> | undefined;
  private readonly waiters: (() => void)[] = [];

  constructor(
    private readonly core: CoreRepository,
    private readonly store: RulesStoreRepository,
    private readonly metrics: AlertingMetrics,
    @Inject(ALERTING_CONFIG)
    private readonly config: Pick<AlertingConfig, 'RULES_POLL_MS' | 'PLAYERS_EXACT_FLOOR'>,
  ) {
    this.plan = buildCounterPlan([], config.PLAYERS_EXACT_FLOOR);
  }

  /** Starts loading and polling; resolves at once (see whenLoaded). */
  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Resolves once rules came from core or from the Redis copy. */
  whenLoaded(): Promise<void> {
    if (this.loaded) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  isLoaded(): boolean {
    return this.loaded;
  }

  currentPlan(): CounterPlan {
    return this.plan;
  }

  get(ruleId: string): AlertRule | undefined {
    return this.rules.get(ruleId);
  }

  active(): AlertRule[] {
    return [...this.rules.values()];
  }

  status(): { loaded: boolean; activeRules: number; lastSyncAt: string | null; lastError: string | null } {
    return {
      loaded: this.loaded,
      activeRules: this.rules.size,
      lastSyncAt: this.lastSyncAt ? new Date(this.lastSyncAt).toISOString() : null,
      lastError: this.lastError,
    };
  }

  /** One poll now (tests and the first load); concurrent callers share it. */
  syncNow(): Promise<void> {
    this.inFlight ??= this.sync().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inFlight?.catch(() => undefined);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.syncNow()
        .catch(() => undefined)
        .finally(() => this.schedule(this.config.RULES_POLL_MS));
    }, ms);
    this.timer.unref();
  }

  private async sync(): Promise<void> {
    if (!this.loaded) await this.loadFromStore();
    try {
      const since = this.cursor ? new Date(Date.parse(this.cursor) - OVERLAP_MS).toISOString() : null;
      const feed = await this.core.listRules(since);
      if (feed.rules.length > 0 || !this.loaded) {
        await this.store.apply(feed.rules, feed.serverTime);
      }
      // A full load (no cursor) lists only live rules: anything we hold that it lacks is gone.
      if (since === null) this.rules.clear();
      this.merge(feed.rules);
      this.cursor = feed.serverTime;
      this.lastSyncAt = Date.now();
      if (this.lastError) this.logger.log('rules sync recovered');
      this.lastError = null;
      this.markLoaded();
    } catch (e) {
      this.metrics.rulesSyncErrors.inc();
      const message = (e as Error).message;
      if (message !== this.lastError)
        this.logger.warn(`rules sync failed (keeping the cached rules): ${message}`);
      this.lastError = message;
      throw e;
    }
  }

  private async loadFromStore(): Promise<void> {
    try {
      const stored = await this.store.load();
      if (stored.cursor === null) return;
      this.merge(stored.rules);
      this.cursor = stored.cursor;
      this.logger.log(`loaded ${this.rules.size} rules from Redis (as of ${stored.cursor})`);
      this.markLoaded();
    } catch (e) {
      this.logger.warn(`cannot read the rules copy in Redis: ${(e as Error).message}`);
    }
  }

  private merge(changed: readonly AlertRule[]): void {
    let changes = 0;
    for (const rule of changed) {
      const held = this.rules.get(rule.id);
      if (held && Date.parse(held.updatedAt) > Date.parse(rule.updatedAt)) continue;
      if (isActive(rule)) {
        if (!held || held.updatedAt !== rule.updatedAt) changes++;
        this.rules.set(rule.id, rule);
      } else if (held) {
        this.rules.delete(rule.id);
        changes++;
      }
    }
    if (changes > 0 || !this.loaded) {
      this.plan = buildCounterPlan(this.rules.values(), this.config.PLAYERS_EXACT_FLOOR);
      this.metrics.rulesActive.set(this.rules.size);
      if (changes > 0) this.logger.log(`rules changed: ${changes}; ${this.rules.size} active`);
    }
  }

  private markLoaded(): void {
    if (this.loaded) return;
    this.loaded = true;
    for (const w of this.waiters.splice(0)) w();
  }
}
