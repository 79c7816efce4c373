// Studios (creation is atomic, deletion drops the schema) and members (invitations, roles,
// the last owner).
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { TENANT_MIGRATIONS } from '../src/database/migrations';
import { tenantSchemaName } from '../src/database/tenancy';
import {
  createTestDatabase,
  expectStatus,
  seedStudio,
  signIn,
  startCore,
  type RunningCore,
  type TestDatabase,
} from './helpers';

/** Creates a table, then fails: proves a half-applied migration leaves nothing behind. */
class FailingMigration9999999999999 implements MigrationInterface {
  name = 'FailingMigration9999999999999';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE half_done (id int)');
    throw new Error('simulated failure in the middle of studio creation');
  }
  async down(): Promise<void> {}
}

describe('studios', () => {
  let db: TestDatabase;
  let core: RunningCore;
  let owner: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    core = await startCore(db.url);
    owner = await signIn(core.api, 'owner@studio.example');
  });

  afterAll(async () => {
    await core?.close();
    await db?.drop();
  });

  const schemaExists = async (studioId: string) =>
    (await db.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [tenantSchemaName(studioId)])).length ===
    1;

  it('creates a studio with its owner, its migrated schema and a first audit entry', async () => {
    const r = await core.api.as(owner).post('/studios', { name: '  Acme Games  ' });
    expectStatus(r, 201);
    expect(r.body).toMatchObject({ name: 'Acme Games', role: 'owner' });
    expect(await schemaExists(r.body.id)).toBe(true);
    const tables = await db.query<{ table_name: string }>(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1',
      [tenantSchemaName(r.body.id)],
    );
    expect(tables.map((t) => t.table_name)).toEqual([
      'alert_history',
      'alert_rules',
      'api_keys',
      'audit_log',
      'game_clients',
      'games',
      'schema_migrations',
      'signing_secrets',
    ]);
    const audit = await core.api.as(owner).get(`/studios/${r.body.id}/audit-log`);
    expect(audit.body.items).toEqual([
      expect.objectContaining({
        action: 'studio.created',
        actorEmail: 'owner@studio.example',
        details: { name: 'Acme Games' },
      }),
    ]);
  });

  it('refuses invalid names with field-level details', async () => {
    const r = await core.api.as(owner).post('/studios', { name: '   ', extra: 1 });
    expectStatus(r, 400, 'VALIDATION_FAILED');
    expect(r.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['extra', 'name']);
  });

  it('leaves no schema and no registry row when creation fails midway', async () => {
    // MIGRATE_ON_START off: at start-up the failing migration would (rightly) stop the service.
    const failing = await startCore(db.url, {
      env: { MIGRATE_ON_START: 'false' },
      module: { tenantMigrations: [...TENANT_MIGRATIONS, new FailingMigration9999999999999()] },
    });
    try {
      const schemasBefore = await db.query(
        `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'studio\\_%'`,
      );
      const studiosBefore = await db.query('SELECT id FROM core.studios');
      const membershipsBefore = await db.query('SELECT * FROM core.memberships');
      const r = await failing.api.as(owner).post('/studios', { name: 'Doomed' });
      expectStatus(r, 500, 'INTERNAL_ERROR');
      expect(JSON.stringify(r.body)).not.toMatch(/simulated|half_done/);
      expect(await db.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'studio\\_%'`)).toEqual(
        schemasBefore,
      );
      expect(await db.query('SELECT id FROM core.studios')).toEqual(studiosBefore);
      expect(await db.query('SELECT * FROM core.memberships')).toEqual(membershipsBefore);
      expect(await db.query(`SELECT 1 FROM core.studios WHERE name = 'Doomed'`)).toEqual([]);
      expect(
        await db.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'`),
      ).toEqual([]);
    } finally {
      await failing.close();
    }
  });

  it('renames (owner only) and lists only my studios', async () => {
    const s = (await core.api.as(owner).post('/studios', { name: 'Old Name' })).body;
    const r = await core.api.as(owner).patch(`/studios/${s.id}`, { name: 'New Name' });
    expectStatus(r, 200);
    expect(r.body.name).toBe('New Name');
    const stranger = await signIn(core.api, 'stranger@else.example');
    expect((await core.api.as(stranger).get('/studios')).body.items).toEqual([]);
    const mine = (await core.api.as(owner).get('/studios')).body.items.map((x: { name: string }) => x.name);
    expect(mine).toContain('New Name');
  });

  it('refuses to delete a studio with active games unless forced, then drops everything', async () => {
    const seeded = await seedStudio(core.api, owner, 'Doomed');
    const id = seeded.studio.id;
    const refused = await core.api.as(owner).delete(`/studios/${id}`);
    expectStatus(refused, 409, 'STUDIO_HAS_GAMES');

    const forced = await core.api.as(owner).delete(`/studios/${id}?force=true`);
    expect(forced.status).toBe(204);
    expect(await schemaExists(id)).toBe(false);
    expect(await db.query('SELECT 1 FROM core.studios WHERE id = $1', [id])).toEqual([]);
    expect(await db.query('SELECT 1 FROM core.memberships WHERE studio_id = $1', [id])).toEqual([]);
    expect(await db.query('SELECT 1 FROM core.api_key_index WHERE studio_id = $1', [id])).toEqual([]);
    // Its key no longer exists; its rules remain only as tombstones for the alerting poller.
    const v = await core.api.post('/internal/api-keys/validate', { key: seeded.key.secret });
    expect(v.body.status).toBe('unknown');
    const feed = await core.api.get(
      `/internal/alert-rules?updatedSince=${new Date(Date.now() - 60_000).toISOString()}`,
    );
    expect(feed.body.rules.find((x: { id: string }) => x.id === seeded.rule.id)).toMatchObject({
      enabled: false,
      deletedAt: expect.any(String),
    });
    expectStatus(await core.api.as(owner).get(`/studios/${id}`), 404, 'STUDIO_NOT_FOUND');
  });

  it('deletes without force once every game is archived', async () => {
    const seeded = await seedStudio(core.api, owner, 'Retired');
    await core.api.as(owner).post(`/studios/${seeded.studio.id}/games/${seeded.game.id}/archive`);
    expect((await core.api.as(owner).delete(`/studios/${seeded.studio.id}`)).status).toBe(204);
    expect(await schemaExists(seeded.studio.id)).toBe(false);
  });
});

describe('members', () => {
  let db: TestDatabase;
  let core: RunningCore;
  let owner: string;
  let studioId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    core = await startCore(db.url);
    owner = await signIn(core.api, 'boss@m.example');
    studioId = (await core.api.as(owner).post('/studios', { name: 'Members Inc' })).body.id;
  });

  afterAll(async () => {
    await core?.close();
    await db?.drop();
  });

  it('adds a signed-up user at once and refuses a second add', async () => {
    const dev = await signIn(core.api, 'Dev@M.example');
    const r = await core.api
      .as(owner)
      .post(`/studios/${studioId}/members`, { email: 'dev@m.example', role: 'admin' });
    expectStatus(r, 201);
    expect(r.body).toMatchObject({
      status: 'member',
      member: { userId: dev, role: 'admin', email: 'Dev@M.example' },
    });
    expectStatus(
      await core.api
        .as(owner)
        .post(`/studios/${studioId}/members`, { email: 'DEV@m.example', role: 'member' }),
      409,
      'ALREADY_MEMBER',
    );
    expect((await core.api.as(dev).get(`/studios/${studioId}`)).body.role).toBe('admin');
  });

  it('invites an unknown email; the invitee joins on first sign-in', async () => {
    const r = await core.api
      .as(owner)
      .post(`/studios/${studioId}/members`, { email: 'Newbie@M.example', role: 'member' });
    expectStatus(r, 201);
    expect(r.body).toMatchObject({
      status: 'invited',
      invitation: { email: 'newbie@m.example', role: 'member' },
    });
    expectStatus(
      await core.api
        .as(owner)
        .post(`/studios/${studioId}/members`, { email: 'newbie@m.example', role: 'admin' }),
      409,
      'ALREADY_INVITED',
    );
    expect((await core.api.as(owner).get(`/studios/${studioId}/invitations`)).body.items).toHaveLength(1);

    const signInReply = await core.api.post('/internal/users/google', {
      googleSubject: 'g-newbie',
      email: 'newbie@m.example',
      name: 'Newbie',
    });
    expectStatus(signInReply, 200);
    expect(signInReply.body).toMatchObject({
      created: true,
      acceptedInvitations: [{ studioId, studioName: 'Members Inc', role: 'member' }],
    });
    const newbie = signInReply.body.id;
    expect((await core.api.as(newbie).get('/studios')).body.items.map((s: { id: string }) => s.id)).toEqual([
      studioId,
    ]);
    expect((await core.api.as(owner).get(`/studios/${studioId}/invitations`)).body.items).toEqual([]);
    const audit = (await core.api.as(owner).get(`/studios/${studioId}/audit-log`)).body.items.map(
      (e: { action: string }) => e.action,
    );
    expect(audit).toEqual(expect.arrayContaining(['member.invited', 'member.joined']));
    // A second sign-in accepts nothing more.
    const again = await core.api.post('/internal/users/google', {
      googleSubject: 'g-newbie',
      email: 'newbie@m.example',
      name: 'Newbie',
    });
    expect(again.body).toMatchObject({ created: false, acceptedInvitations: [] });
  });

  it('withdraws an invitation', async () => {
    const inv = (
      await core.api
        .as(owner)
        .post(`/studios/${studioId}/members`, { email: 'nope@m.example', role: 'member' })
    ).body.invitation;
    expect((await core.api.as(owner).delete(`/studios/${studioId}/invitations/${inv.id}`)).status).toBe(204);
    expectStatus(
      await core.api.as(owner).delete(`/studios/${studioId}/invitations/${inv.id}`),
      404,
      'INVITATION_NOT_FOUND',
    );
    const signInReply = await core.api.post('/internal/users/google', {
      googleSubject: 'g-nope',
      email: 'nope@m.example',
      name: 'Nope',
    });
    expect(signInReply.body.acceptedInvitations).toEqual([]);
  });

  it('always keeps at least one owner', async () => {
    const s = (await core.api.as(owner).post('/studios', { name: 'Owned' })).body.id;
    expectStatus(
      await core.api.as(owner).patch(`/studios/${s}/members/${owner}`, { role: 'admin' }),
      409,
      'LAST_OWNER',
    );
    expectStatus(await core.api.as(owner).delete(`/studios/${s}/members/${owner}`), 409, 'LAST_OWNER');

    const second = await signIn(core.api, 'second@m.example');
    await core.api.as(owner).post(`/studios/${s}/members`, { email: 'second@m.example', role: 'owner' });
    // With two owners, one may step down; then the other is the last one.
    expectStatus(await core.api.as(owner).patch(`/studios/${s}/members/${owner}`, { role: 'member' }), 200);
    expectStatus(
      await core.api.as(second).patch(`/studios/${s}/members/${second}`, { role: 'admin' }),
      409,
      'LAST_OWNER',
    );
    // The demoted member can leave; the remaining owner cannot.
    expect((await core.api.as(owner).delete(`/studios/${s}/members/${owner}`)).status).toBe(204);
    expectStatus(await core.api.as(second).delete(`/studios/${s}/members/${second}`), 409, 'LAST_OWNER');
    expectStatus(await core.api.as(owner).get(`/studios/${s}`), 404, 'STUDIO_NOT_FOUND');
  });

  it('lets exactly one of two owners demoting each other at the same moment succeed', async () => {
    const s = (await core.api.as(owner).post('/studios', { name: 'Duel' })).body.id;
    const rival = await signIn(core.api, 'rival@m.example');
    await core.api.as(owner).post(`/studios/${s}/members`, { email: 'rival@m.example', role: 'owner' });
    const [r1, r2] = await Promise.all([
      core.api.as(owner).patch(`/studios/${s}/members/${rival}`, { role: 'member' }),
      core.api.as(rival).patch(`/studios/${s}/members/${owner}`, { role: 'member' }),
    ]);
    // One demotion wins. The other either finds a single owner left (409 LAST_OWNER, when both
    // passed the role check) or finds its caller already demoted (403). Never a deadlock (500),
    // never zero owners.
    const [winner, loser] = r1.status === 200 ? [r1, r2] : [r2, r1];
    expect(winner.status).toBe(200);
    expect([`${loser.status} ${loser.body.code}`]).toEqual([
      expect.stringMatching(/^(409 LAST_OWNER|403 FORBIDDEN_ROLE)$/),
    ]);
    const owners = await db.query(
      `SELECT user_id FROM core.memberships WHERE studio_id = $1 AND role = 'owner'`,
      [s],
    );
    expect(owners).toHaveLength(1);
  });

  it('lists members with their roles, and 404s unknown members', async () => {
    const r = await core.api.as(owner).get(`/studios/${studioId}/members`);
    expect(r.body.items.map((m: { email: string; role: string }) => `${m.email}:${m.role}`)).toEqual([
      'boss@m.example:owner',
      'Dev@M.example:admin',
      'newbie@m.example:member',
    ]);
    expectStatus(
      await core.api
        .as(owner)
        .patch(`/studios/${studioId}/members/00000000-0000-4000-8000-000000000000`, { role: 'admin' }),
      404,
      'MEMBER_NOT_FOUND',
    );
  });
});
