import { FakeCore } from '../../test/fakes';
import type { BffConfig } from '../config';
import { AuthService } from './auth.service';

function service(core: FakeCore, seconds: number) {
  return new AuthService(core, { SESSION_CACHE_SECONDS: seconds } as BffConfig);
}

describe('AuthService (session and token validation with core)', () => {
  afterEach(() => jest.useRealTimers());

  it('trusts an answer for SESSION_CACHE_SECONDS, then asks core again (a revoked session stops quickly)', async () => {
    jest.useFakeTimers({ now: new Date('2025-01-01T00:00:00Z') });
    const core = new FakeCore();
    core.addUser('u1', 'a@example.com', 'tok');
    const auth = service(core, 3);
    expect((await auth.resolve({ kind: 'session', token: 'tok' }))?.user.id).toBe('u1');
    expect((await auth.resolve({ kind: 'session', token: 'tok' }))?.user.id).toBe('u1');
    expect(core.calls).toEqual(['validateSession']);
    core.sessions.delete('tok'); // revoked in core
    jest.setSystemTime(new Date('2025-01-01T00:00:03.001Z'));
    expect(await auth.resolve({ kind: 'session', token: 'tok' })).toBeNull();
    expect(core.calls).toHaveLength(2);
  });

  it('shares one core call between concurrent requests with the same credential', async () => {
    const core = new FakeCore();
    core.addUser('u1', 'a@example.com', 'tok');
    const auth = service(core, 0);
    await Promise.all([1, 2, 3].map(() => auth.resolve({ kind: 'session', token: 'tok' })));
    expect(core.calls).toEqual(['validateSession']);
  });

  it('lets "core unavailable" through instead of answering "not signed in"', async () => {
    const core = new FakeCore();
    core.addUser('u1', 'a@example.com', 'tok');
    core.down = true;
    await expect(service(core, 3).resolve({ kind: 'session', token: 'tok' })).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
    });
  });

  it('never asks core about a malformed bearer', async () => {
    const core = new FakeCore();
    expect(await service(core, 3).resolve({ kind: 'malformed-bearer' })).toBeNull();
    expect(core.calls).toEqual([]);
  });
});
