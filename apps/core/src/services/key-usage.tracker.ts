import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Database } from '../database/database';
import { ApiKeysRepository } from '../repositories/api-keys.repository';

/** A key's last-used time is written at most this often (per key, per core instance). */
export const LAST_USED_RESOLUTION_MS = 60_000;
const FLUSH_INTERVAL_MS = 5_000;

/**
 * Keeps "last used at" off the validation hot path: validation only notes the use in memory;
 * a timer writes the noted uses in one batched UPDATE of the shared index and one per studio
 * of the key metadata. A lost batch (crash, database down) only loses a timestamp.
 */
@Injectable()
export class KeyUsageTracker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('KeyUsageTracker');
  private readonly lastNoted = new Map<string, number>();
  private pending = new Map<string, { studioId: string; at: Date }>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly db: Database,
    private readonly keys: ApiKeysRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }

  note(keyId: string, studioId: string, now: Date): void {
    const last = this.lastNoted.get(keyId);
    if (last !== undefined && now.getTime() - last < LAST_USED_RESOLUTION_MS) return;
    this.lastNoted.set(keyId, now.getTime());
    this.pending.set(keyId, { studioId, at: now });
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Writes noted uses; never throws (failures are logged). */
  async flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    this.flushing = this.write().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async write(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    const cutoff = Date.now() - LAST_USED_RESOLUTION_MS;
    for (const [keyId, at] of this.lastNoted) if (at < cutoff) this.lastNoted.delete(keyId);
    if (!batch.size) return;
    const uses = [...batch].map(([keyId, u]) => ({ keyId, at: u.at }));
    try {
      await this.keys.touchIndex(uses);
    } catch (e) {
      this.logger.warn({ err: e, keys: uses.length }, 'could not record key use in the index');
      return;
    }
    const byStudio = new Map<string, { keyId: string; at: Date }[]>();
    for (const [keyId, u] of batch)
      byStudio.set(u.studioId, [...(byStudio.get(u.studioId) ?? []), { keyId, at: u.at }]);
    for (const [studioId, studioUses] of byStudio) {
      try {
        // The studio may have been deleted meanwhile: then there is nothing to update.
        await this.db.transaction(async () => {
          if (await this.db.tenantSchemaExists(studioId))
            await this.db.inTenant(studioId, () => this.keys.touchMetadata(studioUses));
        });
      } catch (e) {
        this.logger.warn({ err: e, studioId }, 'could not record key use in the studio');
      }
    }
  }
}
