import type { Role } from '../common/domain';
import type { AuditRepository } from '../repositories/audit.repository';
import type { MembershipsRepository } from '../repositories/memberships.repository';
import type { UsersRepository } from '../repositories/users.repository';
import type { Database } from '../database/database';
import { roleAtLeast } from '../common/domain';
import { coreErrors } from '../common/errors';
import type { AccessService } from './access.service';
import { MembersService } from './members.service';

/** An in-memory studio: members by user id, and the same role check the AccessService makes. */
function setup(members: Record<string, Role>) {
  const roles = new Map(Object.entries(members));
  const audit: string[] = [];
  const access = {
    asMember: async <T>(_studio: string, userId: string, required: Role, fn: (role: Role) => Promise<T>) => {
      const role = roles.get(userId);
      if (!role) throw coreErrors.studioNotFound();
      if (!roleAtLeast(role, required)) throw coreErrors.forbiddenRole(required, role);
      return fn(role);
    },
  } as unknown as AccessService;
  const member = (userId: string) => {
    const role = roles.get(userId);
    return role
      ? { userId, email: `${userId}@x.example`, name: userId, avatarUrl: null, role, joinedAt: '' }
      : null;
  };
  const repo = {
    get: async (_s: string, userId: string) => member(userId),
    lockOwners: async () => [...roles].filter(([, r]) => r === 'owner').map(([id]) => id),
    updateRole: async (_s: string, userId: string, role: Role) => void roles.set(userId, role),
    delete: async (_s: string, userId: string) => roles.delete(userId),
    insert: async (_s: string, userId: string, role: Role) =>
      roles.has(userId) ? null : (roles.set(userId, role), member(userId)),
    insertInvitation: async (_s: string, email: string, role: Role) => ({
      id: 'inv',
      studioId: 's',
      email,
      role,
      invitedBy: null,
      createdAt: '',
    }),
  } as unknown as MembershipsRepository;
  const users = {
    findByEmail: async (email: string) => (email === 'known@x.example' ? { id: 'known', email } : null),
  } as unknown as UsersRepository;
  const auditRepo = {
    insert: async (_a: unknown, action: string) => void audit.push(action),
  } as unknown as AuditRepository;
  const svc = new MembersService({} as Database, access, repo, users, auditRepo);
  return { svc, roles, audit };
}

describe('MembersService', () => {
  it('refuses to demote or remove the only owner', async () => {
    const { svc, roles } = setup({ o: 'owner', m: 'member' });
    await expect(svc.changeRole('s', 'o', 'o', 'admin')).rejects.toMatchObject({
      code: 'LAST_OWNER',
      status: 409,
    });
    await expect(svc.remove('s', 'o', 'o')).rejects.toMatchObject({ code: 'LAST_OWNER' });
    expect(roles.get('o')).toBe('owner');
  });

  it('lets an owner step down when another owner remains', async () => {
    const { svc, roles, audit } = setup({ o1: 'owner', o2: 'owner' });
    await svc.changeRole('s', 'o1', 'o1', 'member');
    expect(roles.get('o1')).toBe('member');
    expect(audit).toEqual(['member.role_changed']);
  });

  it('lets anyone leave, but only owners remove others', async () => {
    const { svc, roles, audit } = setup({ o: 'owner', a: 'admin', m: 'member' });
    await expect(svc.remove('s', 'a', 'm')).rejects.toMatchObject({ code: 'FORBIDDEN_ROLE', status: 403 });
    await svc.remove('s', 'm', 'm');
    await svc.remove('s', 'o', 'a');
    expect([...roles.keys()]).toEqual(['o']);
    expect(audit).toEqual(['member.left', 'member.removed']);
  });

  it('adds a known user as a member and invites an unknown email', async () => {
    const { svc } = setup({ o: 'owner' });
    expect(await svc.add('s', 'o', 'known@x.example', 'admin')).toMatchObject({
      status: 'member',
      member: { userId: 'known', role: 'admin' },
    });
    await expect(svc.add('s', 'o', 'known@x.example', 'admin')).rejects.toMatchObject({
      code: 'ALREADY_MEMBER',
    });
    expect(await svc.add('s', 'o', 'new@x.example', 'member')).toMatchObject({
      status: 'invited',
      invitation: { email: 'new@x.example' },
    });
  });

  it('answers a non-member with STUDIO_NOT_FOUND', async () => {
    const { svc } = setup({ o: 'owner' });
    await expect(svc.list('s', 'stranger')).rejects.toMatchObject({ code: 'STUDIO_NOT_FOUND', status: 404 });
  });
});
