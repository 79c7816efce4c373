// In-memory stand-ins for core and metrics, for the unit tier (no network). They keep a log of
// calls so tests can count them. The integration tier uses the real services.
import { DomainError } from '@gt/service-kit';
import type { PrincipalUser } from '../src/auth/principal';
import type {
  DashboardSummary,
  EventsOverTime,
  OnlineNow,
  PlayersSeries,
} from '../src/dashboard/dashboard.models';
import { CoreGateway, type CreatedSession } from '../src/downstream/core.gateway';
import { MetricsGateway } from '../src/downstream/metrics.gateway';
import { bffErrors } from '../src/graphql/errors';
import { Platform, Role, SigningSecretStatus } from '../src/graphql/enums';
import type {
  CreatedSigningSecret,
  Game,
  GameClient,
  RequestSigning,
  SigningSecret,
  Studio,
} from '../src/models/core.models';

const T = '2025-01-01T00:00:00.000Z';

function unused(): never {
  throw new Error('not used by the unit tests');
}

type ClientIds = { studioId: string; gameId: string; clientId: string };
const RANK: Record<Role, number> = { [Role.MEMBER]: 0, [Role.ADMIN]: 1, [Role.OWNER]: 2 };

export class FakeCore extends CoreGateway {
  readonly calls: string[] = [];
  down = false;
  readonly users = new Map<string, PrincipalUser>();
  readonly sessions = new Map<string, string>();
  readonly studios = new Map<string, { studio: Omit<Studio, 'role'>; members: Map<string, Role> }>();
  readonly games = new Map<string, Game[]>();
  /** Request signing per client id, as core keeps it (core's rules, in miniature). */
  readonly signingState = new Map<string, { required: boolean; secrets: SigningSecret[] }>();

  private log(name: string): void {
    this.calls.push(name);
    if (this.down) throw bffErrors.unavailable('core');
  }

  addUser(id: string, email: string, token?: string): void {
    this.users.set(id, { id, email, name: email, avatarUrl: null });
    if (token) this.sessions.set(token, id);
  }

  addStudio(id: string, ownerId: string, gameCount: number): void {
    this.studios.set(id, {
      studio: { id, name: `Studio ${id}`, createdAt: T, updatedAt: T },
      members: new Map([[ownerId, Role.OWNER]]),
    });
    this.games.set(
      id,
      Array.from({ length: gameCount }, (_, i) => ({
        id: `${id}-g${i}`,
        studioId: id,
        name: `Game ${i}`,
        createdAt: T,
        updatedAt: T,
        archivedAt: null,
      })),
    );
  }

  private member(userId: string, studioId: string): Studio {
    const s = this.studios.get(studioId);
    const role = s?.members.get(userId);
    if (!s || !role) throw new DomainError('STUDIO_NOT_FOUND', 'No such studio', 404);
    return { ...s.studio, role };
  }

  async upsertGoogleUser(p: { email: string }): Promise<PrincipalUser> {
    this.log('upsertGoogleUser');
    const id = `u-${p.email}`;
    if (!this.users.has(id)) this.addUser(id, p.email);
    return this.users.get(id)!;
  }
  async createSession(userId: string): Promise<CreatedSession> {
    this.log('createSession');
    const token = `gts_${userId}_${this.sessions.size}`;
    this.sessions.set(token, userId);
    return { token, expiresAt: new Date(Date.now() + 3_600_000) };
  }
  async validateSession(token: string): Promise<{ user: PrincipalUser; sessionId: string } | null> {
    this.log('validateSession');
    const id = this.sessions.get(token);
    return id ? { user: this.users.get(id)!, sessionId: `s-${token}` } : null;
  }
  async revokeSession(token: string): Promise<void> {
    this.log('revokeSession');
    this.sessions.delete(token);
  }
  revokeAllSessions = unused;
  async validatePersonalToken(): Promise<null> {
    this.log('validatePersonalToken');
    return null;
  }
  listPersonalTokens = unused;
  createPersonalToken = unused;
  revokePersonalToken = unused;
  async listStudios(userId: string): Promise<Studio[]> {
    this.log('listStudios');
    return [...this.studios.keys()]
      .filter((id) => this.studios.get(id)!.members.has(userId))
      .map((id) => this.member(userId, id));
  }
  async getStudio(userId: string, studioId: string): Promise<Studio> {
    this.log(`getStudio ${studioId}`);
    return this.member(userId, studioId);
  }
  createStudio = unused;
  renameStudio = unused;
  deleteStudio = unused;
  listMembers = unused;
  listInvitations = unused;
  addMember = unused;
  changeMemberRole = unused;
  removeMember = unused;
  revokeInvitation = unused;
  auditLog = unused;
  async listGames(userId: string, studioId: string, includeArchived = true): Promise<Game[]> {
    this.log(`listGames ${studioId}`);
    this.member(userId, studioId);
    return (this.games.get(studioId) ?? []).filter((g) => includeArchived || !g.archivedAt);
  }
  async getGame(userId: string, studioId: string, gameId: string): Promise<Game> {
    this.log(`getGame ${gameId}`);
    this.member(userId, studioId);
    const g = this.games.get(studioId)?.find((x) => x.id === gameId);
    if (!g) throw new DomainError('GAME_NOT_FOUND', 'No such game', 404);
    return g;
  }
  createGame = unused;
  renameGame = unused;
  /** Core's archive and restore: admins only, idempotent (the fake keeps no keys to revoke). */
  async archiveGame(userId: string, studioId: string, gameId: string): Promise<Game> {
    this.log(`archiveGame ${gameId}`);
    return this.setArchived(userId, studioId, gameId, true);
  }
  async restoreGame(userId: string, studioId: string, gameId: string): Promise<Game> {
    this.log(`restoreGame ${gameId}`);
    return this.setArchived(userId, studioId, gameId, false);
  }
  private setArchived(userId: string, studioId: string, gameId: string, archived: boolean): Game {
    const { role } = this.member(userId, studioId);
    const g = this.games.get(studioId)?.find((x) => x.id === gameId);
    if (!g) throw new DomainError('GAME_NOT_FOUND', 'No such game', 404);
    if (RANK[role] < RANK[Role.ADMIN])
      throw new DomainError(
        'FORBIDDEN_ROLE',
        `This needs the ADMIN role in the studio; you are ${role}`,
        403,
      );
    if (archived && !g.archivedAt) Object.assign(g, { archivedAt: T, updatedAt: T });
    if (!archived && g.archivedAt) Object.assign(g, { archivedAt: null, updatedAt: T });
    return { ...g };
  }
  async listClients(userId: string, studioId: string, gameId: string): Promise<GameClient[]> {
    this.log(`listClients ${gameId}`);
    this.member(userId, studioId);
    return [
      {
        id: `${gameId}-c`,
        studioId,
        gameId,
        name: 'Unity',
        platform: Platform.UNITY,
        signingRequired: false,
        createdAt: T,
        updatedAt: T,
      },
    ];
  }
  createClient = unused;
  renameClient = unused;
  deleteClient = unused;
  listApiKeys = unused;
  createApiKey = unused;
  rotateApiKey = unused;
  revokeApiKey = unused;

  /** Core's checks for a client route: membership (404), the role (403), the client (404). */
  private signingOf(userId: string, ids: ClientIds, needed: Role) {
    const { role } = this.member(userId, ids.studioId);
    if (!this.games.get(ids.studioId)?.some((g) => g.id === ids.gameId))
      throw new DomainError('GAME_NOT_FOUND', 'No such game', 404);
    if (ids.clientId !== `${ids.gameId}-c`)
      throw new DomainError('GAME_CLIENT_NOT_FOUND', 'No such game client in this game', 404);
    if (RANK[role] < RANK[needed])
      throw new DomainError(
        'FORBIDDEN_ROLE',
        `This needs the ${needed} role in the studio; you are ${role}`,
        403,
      );
    let state = this.signingState.get(ids.clientId);
    if (!state) this.signingState.set(ids.clientId, (state = { required: false, secrets: [] }));
    return state;
  }

  private policy(clientId: string): RequestSigning {
    const { required, secrets } = this.signingState.get(clientId)!;
    return { gameClientId: clientId, required, secrets: secrets.map((x) => ({ ...x })) };
  }

  async getSigning(userId: string, ids: ClientIds): Promise<RequestSigning> {
    this.log(`getSigning ${ids.clientId}`);
    this.signingOf(userId, ids, Role.MEMBER);
    return this.policy(ids.clientId);
  }
  async setSigningRequired(userId: string, ids: ClientIds, required: boolean): Promise<RequestSigning> {
    this.log(`setSigningRequired ${ids.clientId}`);
    const state = this.signingOf(userId, ids, Role.ADMIN);
    if (required && !state.secrets.some((x) => x.status === SigningSecretStatus.ACTIVE))
      throw new DomainError(
        'SIGNING_SECRET_REQUIRED',
        'Create a signing secret before requiring signatures',
        409,
      );
    state.required = required;
    return this.policy(ids.clientId);
  }
  async createSigningSecret(userId: string, ids: ClientIds, graceHours = 24): Promise<CreatedSigningSecret> {
    this.log(`createSigningSecret ${ids.clientId}`);
    const state = this.signingOf(userId, ids, Role.ADMIN);
    const [current, ...older] = state.secrets.filter((x) => x.status === SigningSecretStatus.ACTIVE);
    for (const o of older) Object.assign(o, { status: SigningSecretStatus.EXPIRED, expiresAt: T });
    if (current) current.expiresAt = new Date(Date.parse(T) + graceHours * 3_600_000).toISOString();
    const n = state.secrets.length + 1;
    const created: SigningSecret = {
      id: `${ids.clientId}-s${n}`,
      gameClientId: ids.clientId,
      displayPrefix: `gts_secret${n}`.slice(0, 12),
      status: SigningSecretStatus.ACTIVE,
      createdBy: userId,
      createdAt: T,
      expiresAt: null,
      revokedAt: null,
    };
    state.secrets.unshift(created);
    return {
      signingSecret: { ...created },
      secret: `gts_secret${n}_value`,
      previous: current ? { ...current } : null,
    };
  }
  async revokeSigningSecret(userId: string, ids: ClientIds & { secretId: string }): Promise<SigningSecret> {
    this.log(`revokeSigningSecret ${ids.secretId}`);
    const state = this.signingOf(userId, ids, Role.ADMIN);
    const target = state.secrets.find((x) => x.id === ids.secretId);
    if (!target) throw new DomainError('SIGNING_SECRET_NOT_FOUND', 'No such signing secret', 404);
    const live = state.secrets.filter((x) => x.status === SigningSecretStatus.ACTIVE);
    if (state.required && live.length === 1 && live[0] === target)
      throw new DomainError('SIGNING_LAST_SECRET', 'This is the last live signing secret', 409);
    if (target.status === SigningSecretStatus.ACTIVE)
      Object.assign(target, { status: SigningSecretStatus.REVOKED, revokedAt: T });
    return { ...target };
  }
  listAlertRules = unused;
  getAlertRule = unused;
  createAlertRule = unused;
  updateAlertRule = unused;
  deleteAlertRule = unused;
  alertHistory = unused;
  async ping(): Promise<void> {
    this.log('ping');
  }
}

/**
 * The people of the HTTP unit tests: `owner` (cookie session-owner) owns studio s1 with `games`
 * games (s1-g0, s1-g1, …), `member` (session-member) is a MEMBER of it, and `stranger`
 * (session-stranger) owns studio s2 and nothing of s1.
 */
export function ownerMemberStranger(games = 1): FakeCore {
  const core = new FakeCore();
  core.addUser('owner', 'ada@example.com', 'session-owner');
  core.addUser('member', 'mo@example.com', 'session-member');
  core.addUser('stranger', 'eve@example.com', 'session-stranger');
  core.addStudio('s1', 'owner', games);
  core.addStudio('s2', 'stranger', 1);
  core.studios.get('s1')!.members.set('member', Role.MEMBER);
  return core;
}

export class FakeMetrics extends MetricsGateway {
  readonly calls: string[] = [];
  down = false;

  private log(name: string): void {
    this.calls.push(name);
    if (this.down) throw bffErrors.unavailable('metrics');
  }

  async summary(gameId: string, q: { from: string; to: string }): Promise<DashboardSummary> {
    this.log(`summary ${gameId}`);
    const f = {
      from: q.from,
      to: q.to,
      events: 42,
      activePlayers: 7,
      newPlayers: 2,
      sessions: 9,
      averageSessionSeconds: 60,
      revenue: [],
      errors: 1,
    };
    return { generatedAt: T, onlineNow: 3, totalPlayers: 10, today: f, range: f };
  }
  async events(gameId: string): Promise<EventsOverTime> {
    this.log(`events ${gameId}`);
    return { total: 42, series: [{ key: 'design', total: 42, points: [{ time: T, count: 42 }] }] };
  }
  async onlineNow(gameId: string): Promise<OnlineNow> {
    this.log(`online-now ${gameId}`);
    return { at: T, windowSeconds: 300, players: 3 };
  }
  async activePlayers(gameId: string): Promise<PlayersSeries> {
    this.log(`active-players ${gameId}`);
    return { total: null, points: [{ time: T, players: 7 }] };
  }
  topEvents = unused;
  newPlayers = unused;
  sessions = unused;
  progression = unused;
  revenue = unused;
  errors = unused;
}
