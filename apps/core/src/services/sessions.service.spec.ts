import { generateSessionToken, hashSecret } from '@gt/api-keys';
import type { CoreConfig } from '../config';
import type { SessionsRepository } from '../repositories/sessions.repository';
import { SessionsService } from './sessions.service';

const user = {
  id: 'u1',
  email: 'u@x.example',
  name: 'U',
  avatarUrl: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  lastSignInAt: null,
};
const config = { SESSION_TTL_HOURS: 24, SESSION_MAX_AGE_HOURS: 720 } as CoreConfig;

function service(found: boolean, slid: Date | null) {
  const repo = {
    findLive: jest.fn(async () =>
      found
        ? { sessionId: 's1', expiresAt: new Date('2026-01-02T00:00:00.000Z'), lastSeenAt: new Date(), user }
        : null,
    ),
    slide: jest.fn(async () => slid),
    insert: jest.fn(async () => ({ id: 's1', expiresAt: new Date('2026-01-02T00:00:00.000Z') })),
  };
  return { svc: new SessionsService(config, repo as unknown as SessionsRepository), repo };
}

describe('SessionsService', () => {
  it('refuses a token of the wrong shape without a lookup', async () => {
    const { svc, repo } = service(true, null);
    await expect(svc.validate('gts_short')).rejects.toMatchObject({ status: 401, code: 'SESSION_INVALID' });
    expect(repo.findLive).not.toHaveBeenCalled();
  });

  it('returns the user with the slid expiry, or the stored one when seen within the last minute', async () => {
    const token = generateSessionToken();
    const slid = service(true, new Date('2026-01-03T00:00:00.000Z'));
    expect(await slid.svc.validate(token)).toEqual({
      ...user,
      session: { id: 's1', expiresAt: '2026-01-03T00:00:00.000Z' },
    });
    expect(slid.repo.findLive).toHaveBeenCalledWith(hashSecret(token));
    expect(slid.repo.slide).toHaveBeenCalledWith('s1', 24);
    const recent = service(true, null);
    expect((await recent.svc.validate(token)).session.expiresAt).toBe('2026-01-02T00:00:00.000Z');
  });

  it('stores only the hash of a new token', async () => {
    const { svc, repo } = service(true, null);
    const created = await svc.create('u1');
    expect(created.token).toMatch(/^gts_/);
    const stored = JSON.stringify(repo.insert.mock.calls);
    expect(stored).not.toContain(created.token);
    expect(stored).toContain(hashSecret(created.token));
  });
});
