import type { Database } from '../database/database';
import type { ApiKeysRepository } from '../repositories/api-keys.repository';
import { KeyUsageTracker } from './key-usage.tracker';

function tracker(opts: { failIndex?: boolean } = {}) {
  const index: { keyId: string; at: Date }[][] = [];
  const metadata: { studio: string | null; uses: { keyId: string; at: Date }[] }[] = [];
  let bound: string | null = null;
  const db = {
    transaction: async <T>(fn: () => Promise<T>) => fn(),
    tenantSchemaExists: async (studioId: string) => studioId !== 'gone',
    inTenant: async <T>(studioId: string, fn: () => Promise<T>) => {
      bound = studioId;
      try {
        return await fn();
      } finally {
        bound = null;
      }
    },
  } as unknown as Database;
  const keys = {
    touchIndex: async (uses: { keyId: string; at: Date }[]) => {
      if (opts.failIndex) throw new Error('database down');
      index.push(uses);
    },
    touchMetadata: async (uses: { keyId: string; at: Date }[]) => {
      metadata.push({ studio: bound, uses });
    },
  } as unknown as ApiKeysRepository;
  return { t: new KeyUsageTracker(db, keys), index, metadata };
}

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));

describe('KeyUsageTracker', () => {
  it('notes a key at most once a minute', () => {
    const { t } = tracker();
    t.note('k1', 's1', at(0));
    t.note('k1', 's1', at(30));
    t.note('k2', 's1', at(30));
    expect(t.pendingCount).toBe(2);
  });

  it('writes the index in one batch and the metadata once per studio', async () => {
    const { t, index, metadata } = tracker();
    t.note('k1', 's1', at(0));
    t.note('k2', 's2', at(1));
    t.note('k3', 's1', at(2));
    await t.flush();
    expect(index).toEqual([
      [
        { keyId: 'k1', at: at(0) },
        { keyId: 'k2', at: at(1) },
        { keyId: 'k3', at: at(2) },
      ],
    ]);
    expect(metadata).toEqual([
      {
        studio: 's1',
        uses: [
          { keyId: 'k1', at: at(0) },
          { keyId: 'k3', at: at(2) },
        ],
      },
      { studio: 's2', uses: [{ keyId: 'k2', at: at(1) }] },
    ]);
    expect(t.pendingCount).toBe(0);
  });

  it('skips studios deleted meanwhile and never throws', async () => {
    const { t, metadata } = tracker();
    t.note('k1', 'gone', at(0));
    await expect(t.flush()).resolves.toBeUndefined();
    expect(metadata).toEqual([]);
    const failing = tracker({ failIndex: true });
    failing.t.note('k1', 's1', at(0));
    await expect(failing.t.flush()).resolves.toBeUndefined();
  });
});
