import { DomainError } from '@gt/service-kit';
import { decodeCursor, encodeCursor, toPage } from './pagination';

describe('cursors', () => {
  it('round-trip a microsecond timestamp and an id', () => {
    const c = { at: '2026-02-01T09:04:00.123456Z', id: '0f8fad5b-d9cb-469f-a165-70867728950e' };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    expect(decodeCursor(undefined)).toBeNull();
    expect(decodeCursor('')).toBeNull();
  });

  it.each([
    ['bogus'],
    [Buffer.from('["x","y"]').toString('base64url')],
    [Buffer.from('{}').toString('base64url')],
  ])('refuses %s with VALIDATION_FAILED on cursor', (cursor) => {
    let err: unknown;
    try {
      decodeCursor(cursor);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).details?.errors?.[0]?.field).toBe('cursor');
  });
});

describe('toPage', () => {
  const rows = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      id: `00000000-0000-4000-8000-00000000000${i}`,
      cursor_at: `2026-01-01T00:00:0${i}.000000Z`,
    }));

  it('uses the extra row only to tell that another page exists', () => {
    const page = toPage(rows(3), 2, (r) => r.id);
    expect(page.items).toHaveLength(2);
    expect(decodeCursor(page.nextCursor!)).toEqual({
      at: '2026-01-01T00:00:01.000000Z',
      id: '00000000-0000-4000-8000-000000000001',
    });
    expect(toPage(rows(2), 2, (r) => r.id).nextCursor).toBeNull();
  });
});
