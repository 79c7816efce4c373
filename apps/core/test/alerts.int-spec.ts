// Alert rules (validation, CRUD, the cross-tenant feed alerting polls), alert history
// (idempotent recording, delivery updates, pagination) and the audit log.
import {
  createTestDatabase,
  expectStatus,
  seedStudio,
  signIn,
  startCore,
  type RunningCore,
  type TestDatabase,
} from './helpers';

type Seed = Awaited<ReturnType<typeof seedStudio>>;

describe('alert rules and history', () => {
  let db: TestDatabase;
  let core: RunningCore;
  let owner: string;
  let s: Seed;
  let other: Seed;
  let rules: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    core = await startCore(db.url);
    owner = await signIn(core.api, 'alerts@a.example');
    s = await seedStudio(core.api, owner, 'Alerty');
    other = await seedStudio(core.api, await signIn(core.api, 'other@b.example'), 'Other');
    rules = `/studios/${s.studio.id}/games/${s.game.id}/alert-rules`;
  });

  afterAll(async () => {
    await core?.close();
    await db?.drop();
  });

  describe('rules', () => {
    it('creates an event_count rule on a design event name: type design implied, cool-down = window', async () => {
      const r = await core.api.as(owner).post(rules, {
        name: 'Boss kills',
        kind: 'event_count',
        threshold: 50,
        eventName: 'Boss:Defeated',
        windowSeconds: 3600,
        recipients: ['Lead@A.example', 'lead@a.example', 'ops@a.example'],
      });
      expectStatus(r, 201);
      expect(r.body).toMatchObject({
        kind: 'event_count',
        eventType: 'design',
        eventName: 'Boss:Defeated',
        windowSeconds: 3600,
        cooldownSeconds: 3600,
        recipients: ['lead@a.example', 'ops@a.example'],
        enabled: true,
        deletedAt: null,
      });
    });

    it.each([
      [{ kind: 'event_count', eventType: 'purchase' }, 'windowSeconds'],
      [{ kind: 'event_count', windowSeconds: 600 }, 'eventType'],
      [
        { kind: 'event_count', windowSeconds: 600, eventType: 'purchase', eventName: 'Boss:Defeated' },
        'eventName',
      ],
      [{ kind: 'event_count', windowSeconds: 30, eventType: 'error' }, 'windowSeconds'],
      [{ kind: 'players_reached', windowSeconds: 600 }, 'windowSeconds'],
      [{ kind: 'players_reached', eventType: 'design' }, 'eventType'],
      [{ kind: 'players_reached', recipients: ['not-an-email'] }, 'recipients'],
      [{ kind: 'players_reached', threshold: 0 }, 'threshold'],
      [{ kind: 'event_count', windowSeconds: 600, eventName: 'has spaces' }, 'eventName'],
      [{ kind: 'sometimes' }, 'kind'],
    ])('refuses %j with a field error on %s', async (patch, field) => {
      const r = await core.api
        .as(owner)
        .post(rules, { name: 'Bad', threshold: 10, recipients: ['x@a.example'], ...patch });
      expectStatus(r, 400, 'VALIDATION_FAILED');
      expect(r.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });

    it('refuses a duplicate name in the same game (409) but allows it after the first is deleted', async () => {
      const body = { name: 'Dup', kind: 'players_reached', threshold: 5, recipients: ['x@a.example'] };
      const first = await core.api.as(owner).post(rules, body);
      expectStatus(
        await core.api.as(owner).post(rules, { ...body, name: 'DUP' }),
        409,
        'ALERT_RULE_NAME_TAKEN',
      );
      expect((await core.api.as(owner).delete(`${rules}/${first.body.id}`)).status).toBe(204);
      expectStatus(await core.api.as(owner).get(`${rules}/${first.body.id}`), 404, 'ALERT_RULE_NOT_FOUND');
      expectStatus(await core.api.as(owner).post(rules, body), 201);
    });

    it('patches: absent fields stay, null clears, switching kind re-checks the whole rule', async () => {
      const r = (
        await core.api.as(owner).post(rules, {
          name: 'Errors',
          kind: 'event_count',
          threshold: 100,
          eventType: 'error',
          windowSeconds: 300,
          cooldownSeconds: 900,
          recipients: ['x@a.example'],
        })
      ).body;
      const p1 = await core.api
        .as(owner)
        .patch(`${rules}/${r.id}`, { threshold: 200, cooldownSeconds: null });
      expect(p1.body).toMatchObject({
        threshold: 200,
        eventType: 'error',
        windowSeconds: 300,
        cooldownSeconds: 300,
      });
      const p2 = await core.api.as(owner).patch(`${rules}/${r.id}`, { kind: 'players_reached' });
      expect(p2.body).toMatchObject({
        kind: 'players_reached',
        eventType: null,
        windowSeconds: null,
        cooldownSeconds: null,
      });
      expectStatus(
        await core.api.as(owner).patch(`${rules}/${r.id}`, { kind: 'event_count' }),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('enables and disables', async () => {
      const off = await core.api.as(owner).post(`${rules}/${s.rule.id}/disable`);
      expect(off.body.enabled).toBe(false);
      const on = await core.api.as(owner).post(`${rules}/${s.rule.id}/enable`);
      expect(on.body.enabled).toBe(true);
    });
  });

  describe('the feed alerting polls', () => {
    it('returns every live rule of every studio with studio and game names when polled from scratch', async () => {
      const feed = await core.api.get('/internal/alert-rules');
      expectStatus(feed, 200);
      const byId = new Map(feed.body.rules.map((r: { id: string }) => [r.id, r]));
      expect(byId.get(s.rule.id)).toMatchObject({
        studioName: 'Alerty Studio',
        gameName: 'Alerty Game',
        studioId: s.studio.id,
      });
      expect(byId.get(other.rule.id)).toMatchObject({ studioName: 'Other Studio', gameName: 'Other Game' });
      expect(feed.body.rules.every((r: { deletedAt: string | null }) => r.deletedAt === null)).toBe(true);
      expect(new Date(feed.body.serverTime).getTime()).toBeLessThan(Date.now());
    });

    it('returns changes since a poll, including disabled, renamed and deleted rules', async () => {
      // The other studio's rule was written seconds ago, inside the feed's look-back lag; age it
      // so this poll window only holds what the test changes below.
      await db.query(
        `UPDATE core.alert_rule_index SET updated_at = now() - interval '1 minute' WHERE studio_id = $1`,
        [other.studio.id],
      );
      const since = (await core.api.get('/internal/alert-rules')).body.serverTime;
      const fresh = (
        await core.api
          .as(owner)
          .post(rules, { name: 'Fresh', kind: 'players_reached', threshold: 7, recipients: ['x@a.example'] })
      ).body;
      await core.api.as(owner).post(`${rules}/${fresh.id}/disable`);
      const doomed = (
        await core.api
          .as(owner)
          .post(rules, { name: 'Doomed', kind: 'players_reached', threshold: 8, recipients: ['x@a.example'] })
      ).body;
      await core.api.as(owner).delete(`${rules}/${doomed.id}`);
      await core.api
        .as(owner)
        .patch(`/studios/${s.studio.id}/games/${s.game.id}`, { name: 'Alerty Renamed' });
      await core.api.as(owner).patch(`/studios/${s.studio.id}`, { name: 'Alerty Studio 2' });

      const feed = await core.api.get(`/internal/alert-rules?updatedSince=${encodeURIComponent(since)}`);
      const byId = new Map(feed.body.rules.map((r: { id: string }) => [r.id, r]));
      expect(byId.get(fresh.id)).toMatchObject({ enabled: false, deletedAt: null });
      expect(byId.get(doomed.id)).toMatchObject({ enabled: false, deletedAt: expect.any(String) });
      expect(byId.get(s.rule.id)).toMatchObject({
        gameName: 'Alerty Renamed',
        studioName: 'Alerty Studio 2',
      });
      // The other studio changed nothing since then.
      expect(byId.has(other.rule.id)).toBe(false);

      const future = new Date(Date.now() + 3600_000).toISOString();
      expect((await core.api.get(`/internal/alert-rules?updatedSince=${future}`)).body.rules).toEqual([]);
      expectStatus(
        await core.api.get('/internal/alert-rules?updatedSince=yesterday'),
        400,
        'VALIDATION_FAILED',
      );
    });
  });

  describe('history', () => {
    const history = (studioId: string) => `/internal/studios/${studioId}/alert-history`;
    const firing = (key: string, firedAt: string, ruleId = s.rule.id) => ({
      ruleId,
      firedAt,
      observedValue: 100,
      threshold: 100,
      firingKey: key,
      deliveryStatus: 'pending',
    });

    it('records a firing once per firing key (201, then 200 with the same entry)', async () => {
      const first = await core.api.post(
        history(s.studio.id),
        firing('rule-1:100', '2026-01-01T10:00:00.000Z'),
      );
      expectStatus(first, 201);
      expect(first.body).toMatchObject({
        ruleId: s.rule.id,
        gameId: s.game.id,
        ruleName: 'Alerty 100 players',
        deliveryStatus: 'pending',
      });
      const again = await core.api.post(history(s.studio.id), {
        ...firing('rule-1:100', '2026-01-01T10:00:05.000Z'),
        observedValue: 101,
      });
      expectStatus(again, 200);
      expect(again.body).toEqual(first.body);
    });

    it('records one entry when the same firing is posted concurrently', async () => {
      const replies = await Promise.all(
        Array.from({ length: 8 }, () =>
          core.api.post(history(s.studio.id), firing('race-key', '2026-01-01T11:00:00.000Z')),
        ),
      );
      expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
      expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
    });

    it('updates the delivery status', async () => {
      const e = (await core.api.post(history(s.studio.id), firing('deliver-me', '2026-01-01T12:00:00.000Z')))
        .body;
      const failed = await core.api.patch(`${history(s.studio.id)}/${e.id}`, {
        deliveryStatus: 'failed',
        detail: 'SMTP 421',
      });
      expect(failed.body).toMatchObject({ deliveryStatus: 'failed', detail: 'SMTP 421', deliveredAt: null });
      const delivered = await core.api.patch(`${history(s.studio.id)}/${e.id}`, {
        deliveryStatus: 'delivered',
      });
      expect(delivered.body).toMatchObject({
        deliveryStatus: 'delivered',
        detail: 'SMTP 421',
        deliveredAt: expect.any(String),
      });
      expectStatus(
        await core.api.patch(`${history(s.studio.id)}/00000000-0000-4000-8000-000000000000`, {
          deliveryStatus: 'delivered',
        }),
        404,
        'ALERT_HISTORY_NOT_FOUND',
      );
    });

    it("refuses another studio's rule, an unknown studio and a bad body", async () => {
      expectStatus(
        await core.api.post(history(s.studio.id), firing('x', '2026-01-01T12:00:00.000Z', other.rule.id)),
        404,
        'ALERT_RULE_NOT_FOUND',
      );
      expectStatus(
        await core.api.post(
          history('00000000-0000-4000-8000-000000000000'),
          firing('x', '2026-01-01T12:00:00.000Z'),
        ),
        404,
        'STUDIO_NOT_FOUND',
      );
      const bad = await core.api.post(history(s.studio.id), {
        ruleId: s.rule.id,
        firedAt: 'then',
        observedValue: -1,
        firingKey: '',
        deliveryStatus: 'lost',
      });
      expectStatus(bad, 400, 'VALIDATION_FAILED');
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
        expect.arrayContaining(['deliveryStatus', 'firedAt', 'firingKey', 'observedValue', 'threshold']),
      );
    });

    it('lists newest first in pages, without gaps or repeats, filtered by game or rule', async () => {
      // Five firings one minute apart, in random insertion order.
      const minutes = [3, 1, 4, 0, 2];
      for (const m of minutes) {
        await core.api.post(
          history(s.studio.id),
          firing(`page-${m}`, new Date(Date.UTC(2026, 1, 1, 9, m)).toISOString()),
        );
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const q: string = `?ruleId=${s.rule.id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await core.api.as(owner).get(`/studios/${s.studio.id}/alert-history${q}`);
        expectStatus(page, 200);
        seen.push(...page.body.items.map((i: { firingKey: string }) => i.firingKey));
        cursor = page.body.nextCursor;
        pages++;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      // Every entry of the rule, newest fired first (the February ones before January's).
      expect(seen.slice(0, 5)).toEqual(['page-4', 'page-3', 'page-2', 'page-1', 'page-0']);
      // 3 earlier firings of this rule + 5 here = 8 entries = exactly 4 full pages of 2.
      expect(seen).toHaveLength(8);
      expect(pages).toBe(4);
      expect(
        (await core.api.as(owner).get(`/studios/${s.studio.id}/alert-history?gameId=${other.game.id}`)).body
          .items,
      ).toEqual([]);
      expectStatus(
        await core.api.as(owner).get(`/studios/${s.studio.id}/alert-history?cursor=bogus`),
        400,
        'VALIDATION_FAILED',
      );
    });
  });

  describe('audit log', () => {
    it('records who did what, newest first, in pages', async () => {
      const first = await core.api.as(owner).get(`/studios/${s.studio.id}/audit-log?limit=3`);
      expect(first.body.items).toHaveLength(3);
      expect(first.body.items[0]).toMatchObject({
        action: 'studio.renamed',
        actorKind: 'user',
        actorUserId: owner,
        actorEmail: 'alerts@a.example',
      });
      const all: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: { action: string }[]; nextCursor: string | null } } = await core.api
          .as(owner)
          .get(`/studios/${s.studio.id}/audit-log?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
        all.push(...page.body.items.map((i) => i.action));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(all[all.length - 1]).toBe('studio.created');
      expect(all).toEqual(
        expect.arrayContaining([
          'game.created',
          'game.renamed',
          'game_client.created',
          'api_key.created',
          'alert_rule.created',
          'alert_rule.updated',
          'alert_rule.disabled',
          'alert_rule.enabled',
          'alert_rule.deleted',
        ]),
      );
    });
  });
});
