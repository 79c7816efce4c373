import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { ALERTING_CONFIG, type AlertingConfig } from '../config';
import { CoreRejectedError, CoreRepository } from '../core/core.repository';
import { AlertingMetrics } from '../metrics/alerting.metrics';
import { RulesService } from '../rules/rules.service';
import { renderAlertEmail } from './alert-email';
import type { HistoryStatus, OutboxEntry } from './firing';
import { OutboxRepository, type OutboxPatch } from './outbox.repository';
import { SmtpMailer } from './smtp.mailer';

type DispatcherConfig = Pick<
  AlertingConfig,
  | 'PORTAL_URL'
  | 'MAIL_MAX_ATTEMPTS'
  | 'MAIL_RETRY_BASE_MS'
  | 'MAIL_RETRY_MAX_MS'
  | 'OUTBOX_LEASE_MS'
  | 'OUTBOX_POLL_MS'
>;

const BATCH = 20;

/** Exponential backoff with ±20% jitter, so instances retrying the same outage spread out. */
export function backoffMs(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const raw = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

/**
 * Works the outbox: sends each claimed firing's email once, retries failures with backoff,
 * records the outcome in core's alert history, then removes the entry. Any instance may
 * take any entry; the lease in Redis makes sure only one works on it at a time, and an entry
 * whose instance died becomes due again when its lease runs out.
 */
@Injectable()
export class AlertDispatcher implements BeforeApplicationShutdown {
  private readonly logger = new Logger('AlertDispatcher');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private lastPollError: string | null = null;
  private readonly sentHere = new Map<string, number>();

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly mailer: SmtpMailer,
    private readonly core: CoreRepository,
    private readonly rules: RulesService,
    private readonly metrics: AlertingMetrics,
    @Inject(ALERTING_CONFIG) private readonly config: DispatcherConfig,
  ) {}

  start(): void {
    this.stopped = false;
    this.metrics.setOutboxSource(() => this.outbox.size());
    this.kick();
  }

  /** Works the outbox now (a firing was just claimed) instead of at the next poll. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.drain()
      .catch((e: unknown) => {
        const message = (e as Error).message;
        if (message !== this.lastPollError) this.logger.warn(`outbox poll failed: ${message}`);
        this.lastPollError = message;
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        } else if (!this.stopped) {
          this.timer = setTimeout(() => this.kick(), this.config.OUTBOX_POLL_MS);
          this.timer.unref();
        }
      });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Takes due entries until none are left; exposed for tests. */
  async drain(): Promise<void> {
    for (;;) {
      const entries = await this.outbox.leaseDue(Date.now(), this.config.OUTBOX_LEASE_MS, BATCH);
      this.lastPollError = null;
      if (entries.length === 0) return;
      await Promise.all(entries.map((e) => this.process(e)));
      if (entries.length < BATCH || this.stopped) return;
    }
  }

  private async process(entry: OutboxEntry): Promise<void> {
    try {
      await this.work(entry);
    } catch (e) {
      // Redis failed mid-way: the lease runs out and the entry is tried again.
      this.logger.warn(`outbox entry ${entry.firing.firingKey}: ${(e as Error).message}`);
    }
  }

  private async work(entry: OutboxEntry): Promise<void> {
    const { firing } = entry;
    const rule = entry.rule ?? this.rules.get(firing.ruleId);
    if (!rule) {
      // Only possible if the rule vanished from Redis between planning and claiming.
      this.logger.error(`firing ${firing.firingKey}: rule ${firing.ruleId} is unknown; dropping it`);
      await this.outbox.complete(entry);
      return;
    }

    // Sent by this process but not yet recorded in Redis (Redis failed right after the send):
    // record it now instead of sending again.
    const sentHere = this.sentHere.get(firing.firingKey);
    if (entry.sentAt === undefined && sentHere !== undefined) {
      entry.sentAt = sentHere;
      await this.outbox.save(entry, { sentAt: sentHere });
    }

    if (entry.sentAt === undefined && entry.failedAt === undefined) {
      try {
        await this.mailer.send(renderAlertEmail(firing, rule, this.config.PORTAL_URL));
      } catch (e) {
        await this.sendFailed(entry, rule.studioId, (e as Error).message);
        return;
      }
      const sentAt = Date.now();
      entry.sentAt = sentAt;
      this.metrics.emailsSent.inc();
      this.metrics.alertDelaySeconds.observe((sentAt - firing.firedAt) / 1000);
      this.logger.log(`alert email sent: ${firing.firingKey} to ${rule.recipients.length} recipient(s)`);
      // From here on the email is never sent again, whatever happens to core or this process.
      this.remember(firing.firingKey, sentAt);
      if (!(await this.outbox.save(entry, { sentAt }))) {
        this.logger.warn(`firing ${firing.firingKey}: the outbox lease ran out during the send`);
      }
    }

    const status: HistoryStatus = entry.sentAt !== undefined ? 'delivered' : 'failed';
    if ((await this.syncHistory(entry, rule.studioId, status)) === 'retry') return;
    await this.outbox.complete(entry);
    this.sentHere.delete(firing.firingKey);
  }

  private remember(firingKey: string, sentAt: number): void {
    // Bounded: entries leave once their outbox entry is complete; this only guards against a
    // Redis failure in the microseconds between a send and its record.
    if (this.sentHere.size >= 10_000) this.sentHere.delete(this.sentHere.keys().next().value ?? '');
    this.sentHere.set(firingKey, sentAt);
  }

  private async sendFailed(entry: OutboxEntry, studioId: string, message: string): Promise<void> {
    const attempts = entry.attempts + 1;
    this.metrics.emailAttemptErrors.inc();
    if (attempts >= this.config.MAIL_MAX_ATTEMPTS) {
      this.metrics.emailsFailed.inc();
      this.logger.error(
        `alert email ${entry.firing.firingKey} failed after ${attempts} attempts: ${message}`,
      );
      entry.failedAt = Date.now();
      entry.lastError = message;
      entry.attempts = attempts;
      await this.outbox.save(entry, { attempts, failedAt: entry.failedAt, lastError: message });
      if ((await this.syncHistory(entry, studioId, 'failed')) !== 'retry') await this.outbox.complete(entry);
      return;
    }
    const delay = backoffMs(attempts, this.config.MAIL_RETRY_BASE_MS, this.config.MAIL_RETRY_MAX_MS);
    this.logger.warn(
      `alert email ${entry.firing.firingKey} attempt ${attempts} failed (${message}); retrying in ${delay} ms`,
    );
    // The firing shows in history (pending) while the email waits; best effort, core may be down too.
    const patch: OutboxPatch = { attempts, lastError: message };
    if (entry.historyId === undefined) {
      try {
        const created = await this.core.recordAlert(studioId, this.recordBody(entry, 'pending', message));
        patch.historyId = created.id;
        patch.historyStatus = created.deliveryStatus;
      } catch (e) {
        this.metrics.historyErrors.inc();
        this.logger.warn(
          `alert history for ${entry.firing.firingKey} not recorded yet: ${(e as Error).message}`,
        );
      }
    }
    await this.outbox.retryAt(entry, Date.now() + delay, patch);
  }

  /**
   * Makes core's history say `status` for this firing. The POST is idempotent on the firing
   * key, so a repeat after a crash finds the existing entry; a PATCH then corrects its status.
   */
  private async syncHistory(
    entry: OutboxEntry,
    studioId: string,
    status: HistoryStatus,
  ): Promise<'done' | 'retry'> {
    const detail =
      status === 'failed'
        ? `email not delivered after ${entry.attempts} attempts: ${entry.lastError ?? ''}`.slice(0, 2000)
        : undefined;
    const deliveredAt = entry.sentAt !== undefined ? new Date(entry.sentAt).toISOString() : undefined;
    const known: OutboxPatch = {};
    try {
      if (entry.historyId === undefined) {
        const created = await this.core.recordAlert(studioId, this.recordBody(entry, status, detail));
        known.historyId = entry.historyId = created.id;
        known.historyStatus = entry.historyStatus = created.deliveryStatus;
      }
      if (entry.historyStatus !== status) {
        await this.core.updateAlertDelivery(studioId, entry.historyId, {
          deliveryStatus: status,
          ...(detail ? { detail } : {}),
          ...(status === 'delivered' && deliveredAt ? { deliveredAt } : {}),
        });
      }
      return 'done';
    } catch (e) {
      if (e instanceof CoreRejectedError) {
        // Core will never take it (e.g. the rule is gone): the email went out; the record cannot.
        this.logger.error(`alert history for ${entry.firing.firingKey} refused by core: ${e.message}`);
        return 'done';
      }
      this.metrics.historyErrors.inc();
      const historyAttempts = entry.historyAttempts + 1;
      const delay = backoffMs(historyAttempts, this.config.MAIL_RETRY_BASE_MS, this.config.MAIL_RETRY_MAX_MS);
      this.logger.warn(
        `alert history for ${entry.firing.firingKey} failed (${(e as Error).message}); retrying in ${delay} ms`,
      );
      await this.outbox.retryAt(entry, Date.now() + delay, { ...known, historyAttempts });
      return 'retry';
    }
  }

  private recordBody(entry: OutboxEntry, status: HistoryStatus, detail?: string) {
    const { firing } = entry;
    return {
      ruleId: firing.ruleId,
      firedAt: new Date(firing.firedAt).toISOString(),
      observedValue: firing.observed,
      threshold: firing.threshold,
      firingKey: firing.firingKey,
      deliveryStatus: status,
      ...(detail ? { detail } : {}),
    };
  }
}
