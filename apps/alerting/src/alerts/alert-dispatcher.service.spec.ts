import { Logger } from '@nestjs/common';
import { MetricsRegistry } from '@gt/service-kit';
import { makeRule } from '../../test/rules.fixtures';
import {
  CoreRejectedError,
  CoreRepository,
  CoreUnavailableError,
  type HistoryEntry,
  type RecordAlert,
  type RuleFeed,
  type UpdateAlertDelivery,
} from '../core/core.repository';
import { AlertingMetrics } from '../metrics/alerting.metrics';
import type { RulesService } from '../rules/rules.service';
import { AlertDispatcher, backoffMs } from './alert-dispatcher.service';
import type { OutboxEntry } from './firing';
import type { OutboxPatch, OutboxRepository } from './outbox.repository';
import type { MailMessage, SmtpMailer } from './smtp.mailer';

/** The outbox's contract in memory: lease, save, retry, complete. */
class FakeOutbox {
  entries = new Map<string, { entry: OutboxEntry; dueAt: number }>();

  add(entry: Omit<OutboxEntry, 'lease' | 'attempts' | 'historyAttempts'>): void {
    this.entries.set(entry.firing.firingKey, {
      entry: { attempts: 0, historyAttempts: 0, lease: '', ...entry },
      dueAt: 0,
    });
  }
  async leaseDue(now: number, leaseMs: number, limit: number): Promise<OutboxEntry[]> {
    const due = [...this.entries.values()].filter((e) => e.dueAt <= now).slice(0, limit);
    for (const d of due) {
      d.dueAt = now + leaseMs;
      d.entry.lease = `lease-${now}`;
    }
    return due.map((d) => structuredClone(d.entry));
  }
  async save(entry: OutboxEntry, patch: OutboxPatch): Promise<boolean> {
    Object.assign(this.entries.get(entry.firing.firingKey)!.entry, patch);
    return true;
  }
  async retryAt(entry: OutboxEntry, dueMs: number, patch: OutboxPatch): Promise<boolean> {
    const held = this.entries.get(entry.firing.firingKey)!;
    Object.assign(held.entry, patch);
    held.dueAt = dueMs;
    return true;
  }
  async complete(entry: OutboxEntry): Promise<boolean> {
    return this.entries.delete(entry.firing.firingKey);
  }
  async size(): Promise<number> {
    return this.entries.size;
  }
  makeDue(): void {
    for (const e of this.entries.values()) e.dueAt = 0;
  }
}

class FakeMailer {
  sent: MailMessage[] = [];
  failNext = 0;
  async send(m: MailMessage): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('connect ECONNREFUSED 127.0.0.1:1025');
    }
    this.sent.push(m);
  }
}

class FakeCore extends CoreRepository {
  history = new Map<string, { id: string; body: RecordAlert; status: string; deliveredAt?: string }>();
  down = false;
  reject = false;
  calls: string[] = [];
  async listRules(): Promise<RuleFeed> {
    return { rules: [], serverTime: new Date().toISOString() };
  }
  async recordAlert(_studioId: string, body: RecordAlert): Promise<HistoryEntry> {
    this.calls.push(`POST ${body.deliveryStatus}`);
    if (this.down) throw new CoreUnavailableError('core down');
    if (this.reject) throw new CoreRejectedError('rule not found', 404);
    const held = this.history.get(body.firingKey) ?? {
      id: `h-${this.history.size + 1}`,
      body,
      status: body.deliveryStatus,
    };
    this.history.set(body.firingKey, held);
    return { id: held.id, deliveryStatus: held.status as HistoryEntry['deliveryStatus'] };
  }
  async updateAlertDelivery(_studioId: string, id: string, body: UpdateAlertDelivery): Promise<void> {
    this.calls.push(`PATCH ${body.deliveryStatus}`);
    if (this.down) throw new CoreUnavailableError('core down');
    const held = [...this.history.values()].find((h) => h.id === id)!;
    held.status = body.deliveryStatus;
    held.deliveredAt = body.deliveredAt;
  }
}

const rule = makeRule({ id: 'r1' });
const firing = {
  firingKey: 'r1:players:100',
  ruleId: 'r1',
  gameId: rule.gameId,
  kind: 'players_reached' as const,
  threshold: 100,
  observed: 100,
  firedAt: Date.now(),
};

function setup(maxAttempts = 3) {
  const outbox = new FakeOutbox();
  const mailer = new FakeMailer();
  const core = new FakeCore();
  const rules = { get: () => undefined } as unknown as RulesService;
  const metrics = new AlertingMetrics(new MetricsRegistry());
  const dispatcher = new AlertDispatcher(
    outbox as unknown as OutboxRepository,
    mailer as unknown as SmtpMailer,
    core,
    rules,
    metrics,
    {
      PORTAL_URL: 'http://portal.test',
      MAIL_MAX_ATTEMPTS: maxAttempts,
      MAIL_RETRY_BASE_MS: 1000,
      MAIL_RETRY_MAX_MS: 60_000,
      OUTBOX_LEASE_MS: 30_000,
      OUTBOX_POLL_MS: 1000,
    },
  );
  outbox.add({ firing, rule });
  return { outbox, mailer, core, dispatcher };
}

// The behaviour is asserted below; the service's log lines would only clutter the output.
beforeAll(() => Logger.overrideLogger(false));

describe('AlertDispatcher', () => {
  it('sends the email once, records it as delivered in one call, and empties the outbox', async () => {
    const { outbox, mailer, core, dispatcher } = setup();
    await dispatcher.drain();
    await dispatcher.drain();
    expect(mailer.sent).toHaveLength(1);
    expect(core.calls).toEqual(['POST delivered']);
    expect(core.history.get(firing.firingKey)?.body).toMatchObject({
      ruleId: 'r1',
      observedValue: 100,
      threshold: 100,
      deliveryStatus: 'delivered',
    });
    expect(outbox.entries.size).toBe(0);
  });

  it('retries a failed send later, shows the firing as pending meanwhile, then marks it delivered', async () => {
    const { outbox, mailer, core, dispatcher } = setup();
    mailer.failNext = 1;
    await dispatcher.drain();
    expect(mailer.sent).toHaveLength(0);
    const waiting = outbox.entries.get(firing.firingKey)!;
    expect(waiting.entry.attempts).toBe(1);
    // The first retry waits about the base delay (1 s ± 20%).
    expect(waiting.dueAt - Date.now()).toBeGreaterThan(700);
    expect(core.history.get(firing.firingKey)?.status).toBe('pending');

    outbox.makeDue();
    await dispatcher.drain();
    expect(mailer.sent).toHaveLength(1);
    expect(core.calls).toEqual(['POST pending', 'PATCH delivered']);
    expect(core.history.get(firing.firingKey)?.deliveredAt).toBeDefined();
    expect(outbox.entries.size).toBe(0);
  });

  it('gives up after MAIL_MAX_ATTEMPTS and records the firing as failed', async () => {
    const { outbox, mailer, core, dispatcher } = setup(2);
    mailer.failNext = 5;
    await dispatcher.drain();
    outbox.makeDue();
    await dispatcher.drain();
    expect(mailer.sent).toHaveLength(0);
    expect(core.history.get(firing.firingKey)?.status).toBe('failed');
    expect(outbox.entries.size).toBe(0);
  });

  it('never sends again when only the history record is missing (core down after the send)', async () => {
    const { outbox, mailer, core, dispatcher } = setup();
    core.down = true;
    await dispatcher.drain();
    expect(mailer.sent).toHaveLength(1);
    expect(outbox.entries.get(firing.firingKey)?.entry.sentAt).toBeDefined();

    core.down = false;
    outbox.makeDue();
    await dispatcher.drain();
    expect(mailer.sent).toHaveLength(1);
    expect(core.history.get(firing.firingKey)?.status).toBe('delivered');
    expect(outbox.entries.size).toBe(0);
  });

  it('does not send again when Redis failed to record the send: the same process records it later', async () => {
    const { outbox, mailer, dispatcher } = setup();
    const save = outbox.save.bind(outbox);
    outbox.save = () => Promise.reject(new Error('Connection is closed.'));
    await dispatcher.drain();
    expect(mailer.sent).toHaveLength(1);
    outbox.save = save;
    outbox.makeDue();
    await dispatcher.drain();
    expect(mailer.sent).toHaveLength(1);
    expect(outbox.entries.size).toBe(0);
  });

  it('drops the history record, not the email, when core refuses it', async () => {
    const { outbox, mailer, core, dispatcher } = setup();
    core.reject = true;
    await dispatcher.drain();
    expect(mailer.sent).toHaveLength(1);
    expect(outbox.entries.size).toBe(0);
  });
});

describe('backoffMs', () => {
  it('doubles from the base up to the cap, within ±20%', () => {
    expect(backoffMs(1, 1000, 60_000, () => 0.5)).toBe(1000);
    expect(backoffMs(4, 1000, 60_000, () => 0.5)).toBe(8000);
    expect(backoffMs(20, 1000, 60_000, () => 0.5)).toBe(60_000);
    expect(backoffMs(1, 1000, 60_000, () => 0)).toBe(800);
    expect(backoffMs(1, 1000, 60_000, () => 1)).toBe(1200);
  });
});
