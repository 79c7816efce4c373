import { Logger } from '@nestjs/common';
import { MetricsRegistry } from '@gt/service-kit';
import { makeRule } from '../../test/rules.fixtures';
import {
  CoreRepository,
  CoreUnavailableError,
  type HistoryEntry,
  type RuleFeed,
} from '../core/core.repository';
import { AlertingMetrics } from '../metrics/alerting.metrics';
import type { AlertRule } from './alert-rule';
import type { RulesStoreRepository, StoredRules } from './rules-store.repository';
import { RulesService } from './rules.service';

class FakeCore extends CoreRepository {
  feed: AlertRule[] = [];
  down = false;
  asked: (string | null)[] = [];
  async listRules(updatedSince: string | null): Promise<RuleFeed> {
    this.asked.push(updatedSince);
    if (this.down) throw new CoreUnavailableError('connect ECONNREFUSED');
    return { rules: this.feed, serverTime: '2026-01-10T12:00:00.000Z' };
  }
  recordAlert(): Promise<HistoryEntry> {
    throw new Error('not used');
  }
  updateAlertDelivery(): Promise<void> {
    throw new Error('not used');
  }
}

class FakeStore {
  stored: StoredRules = { rules: [], cursor: null };
  applied: AlertRule[][] = [];
  async load(): Promise<StoredRules> {
    return this.stored;
  }
  async apply(changed: AlertRule[], cursor: string): Promise<void> {
    this.applied.push(changed);
    this.stored.cursor = cursor;
  }
}

function setup() {
  const core = new FakeCore();
  const store = new FakeStore();
  const service = new RulesService(
    core,
    store as unknown as RulesStoreRepository,
    new AlertingMetrics(new MetricsRegistry()),
    {
      RULES_POLL_MS: 1000,
      PLAYERS_EXACT_FLOOR: 10,
    },
  );
  return { core, store, service };
}

// The behaviour is asserted below; the service's log lines would only clutter the output.
beforeAll(() => Logger.overrideLogger(false));

describe('RulesService', () => {
  it('loads every live rule first, then asks only for changes since the last serverTime (with overlap)', async () => {
    const { core, service } = setup();
    core.feed = [makeRule({ id: 'a', threshold: 100 })];
    await service.syncNow();
    expect(service.isLoaded()).toBe(true);
    expect(service.currentPlan().games.get(makeRule().gameId)?.pr).toEqual([['a', 100]]);

    core.feed = [];
    await service.syncNow();
    // 5 s before the previous serverTime: a rule committed just before it is never missed.
    expect(core.asked).toEqual([null, '2026-01-10T11:59:55.000Z']);
  });

  it('applies a changed threshold and drops disabled or deleted rules', async () => {
    const { core, service } = setup();
    core.feed = [makeRule({ id: 'a', threshold: 100 }), makeRule({ id: 'b', threshold: 5 })];
    await service.syncNow();
    core.feed = [
      makeRule({ id: 'a', threshold: 250, updatedAt: '2026-01-10T11:00:00.000Z' }),
      makeRule({ id: 'b', enabled: false, updatedAt: '2026-01-10T11:00:00.000Z' }),
    ];
    await service.syncNow();
    expect(service.currentPlan().games.get(makeRule().gameId)?.pr).toEqual([['a', 250]]);
    expect(service.active().map((r) => r.id)).toEqual(['a']);
  });

  it('ignores an older version of a rule than the one it holds', async () => {
    const { core, service } = setup();
    core.feed = [makeRule({ id: 'a', threshold: 100, updatedAt: '2026-01-10T11:00:00.000Z' })];
    await service.syncNow();
    core.feed = [makeRule({ id: 'a', threshold: 7, updatedAt: '2026-01-10T10:00:00.000Z' })];
    await service.syncNow();
    expect(service.get('a')?.threshold).toBe(100);
  });

  it('starts from the copy in Redis when core is down', async () => {
    const { core, store, service } = setup();
    core.down = true;
    store.stored = { rules: [makeRule({ id: 'cached' })], cursor: '2026-01-10T09:00:00.000Z' };
    await expect(service.syncNow()).rejects.toThrow(CoreUnavailableError);
    expect(service.isLoaded()).toBe(true);
    expect(service.get('cached')).toBeDefined();
    expect(service.status().lastError).toContain('ECONNREFUSED');
  });

  it('is not loaded while neither core nor Redis has rules', async () => {
    const { core, service } = setup();
    core.down = true;
    await expect(service.syncNow()).rejects.toThrow();
    expect(service.isLoaded()).toBe(false);
  });
});
