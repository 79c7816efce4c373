import { uniqueId, waitFor } from './wait';

describe('waitFor', () => {
  it('resolves with the first truthy result', async () => {
    let n = 0;
    await expect(waitFor(() => (++n >= 3 ? n : undefined), { intervalMs: 1 })).resolves.toBe(3);
  });

  it('keeps trying through errors', async () => {
    let n = 0;
    const value = await waitFor(
      () => {
        if (++n < 3) throw new Error('not yet');
        return 'ok';
      },
      { intervalMs: 1 },
    );
    expect(value).toBe('ok');
  });

  it('treats 0 and empty string as results, false as "not yet"', async () => {
    await expect(waitFor(() => 0, { intervalMs: 1 })).resolves.toBe(0);
    await expect(waitFor(() => false, { timeoutMs: 30, intervalMs: 5 })).rejects.toThrow(
      /last result: false/,
    );
  });

  it('names what it waited for and the last error on timeout', async () => {
    await expect(
      waitFor(
        () => {
          throw new Error('connection refused');
        },
        { timeoutMs: 30, intervalMs: 5, message: 'the broker' },
      ),
    ).rejects.toThrow(/waiting for the broker \(last error: connection refused\)/);
  });
});

describe('uniqueId', () => {
  it('is unique and safe as an identifier', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => uniqueId('My-Test')));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^my_test_[a-z0-9]+_[0-9a-f]{8}$/);
  });
});
