import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { generateSessionToken, hashSecret, parseSessionToken } from '@gt/api-keys';
import { CORE_CONFIG } from '../tokens';
import type { CoreConfig } from '../config';
import { isForeignKeyViolation } from '../database/database-errors';
import { SessionsRepository } from '../repositories/sessions.repository';
import type { CreatedSessionDto, ValidatedSessionDto } from '../dtos/session.dto';
import { coreErrors } from '../common/errors';
import { isoRequired } from '../common/pagination';

const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Opaque session tokens for the BFF. Sliding expiry: each validation moves the expiry to
 * now + SESSION_TTL_HOURS (written at most once a minute), never past SESSION_MAX_AGE_HOURS
 * after sign-in. Only the token's SHA-256 is stored.
 */
@Injectable()
export class SessionsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('SessionsService');
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    @Inject(CORE_CONFIG) private readonly config: CoreConfig,
    private readonly sessions: SessionsRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.sweeper = setInterval(() => {
      this.sessions
        .deleteExpired()
        .catch((e: unknown) => this.logger.warn({ err: e }, 'expired-session sweep failed'));
    }, SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    if (this.sweeper) clearInterval(this.sweeper);
  }

  async create(userId: string, userAgent?: string, ip?: string): Promise<CreatedSessionDto> {
    const token = generateSessionToken();
    try {
      const s = await this.sessions.insert({
        userId,
        tokenHash: hashSecret(token),
        ttlHours: this.config.SESSION_TTL_HOURS,
        maxAgeHours: this.config.SESSION_MAX_AGE_HOURS,
        userAgent,
        ip,
      });
      return { token, sessionId: s.id, expiresAt: isoRequired(s.expiresAt) };
    } catch (e) {
      if (isForeignKeyViolation(e)) throw coreErrors.userNotFound();
      throw e;
    }
  }

  async validate(token: string): Promise<ValidatedSessionDto> {
    // A token that is not even shaped like ours costs no database lookup.
    if (!parseSessionToken(token).ok) throw coreErrors.sessionInvalid();
    const found = await this.sessions.findLive(hashSecret(token));
    if (!found) throw coreErrors.sessionInvalid();
    const slid = await this.sessions.slide(found.sessionId, this.config.SESSION_TTL_HOURS);
    return {
      ...found.user,
      session: { id: found.sessionId, expiresAt: isoRequired(slid ?? found.expiresAt) },
    };
  }

  /** Sign out: idempotent, an unknown token is already signed out. */
  async revoke(token: string): Promise<void> {
    await this.sessions.deleteByHash(hashSecret(token));
  }

  async revokeAll(userId: string): Promise<{ revokedSessions: number }> {
    return { revokedSessions: await this.sessions.deleteForUser(userId) };
  }
}
