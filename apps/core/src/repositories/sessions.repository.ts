import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import { USER_COLUMNS, toUser, type UserRow } from './users.repository';
import type { UserDto } from '../dtos/user.dto';

export interface SessionLookup {
  sessionId: string;
  expiresAt: Date;
  lastSeenAt: Date;
  user: UserDto;
}

@Injectable()
export class SessionsRepository {
  constructor(private readonly db: Database) {}

  async insert(opts: {
    userId: string;
    tokenHash: string;
    ttlHours: number;
    maxAgeHours: number;
    userAgent?: string;
    ip?: string;
  }): Promise<{ id: string; expiresAt: Date }> {
    const rows = await this.db.sharedQuery<{ id: string; expires_at: Date }>(
      `INSERT INTO core.sessions (user_id, token_hash, expires_at, absolute_expires_at, user_agent, ip)
       VALUES ($1, $2, now() + make_interval(hours => LEAST($3::int, $4::int)), now() + make_interval(hours => $4::int), $5, $6)
       RETURNING id, expires_at`,
      [opts.userId, opts.tokenHash, opts.ttlHours, opts.maxAgeHours, opts.userAgent ?? null, opts.ip ?? null],
    );
    return { id: rows[0]!.id, expiresAt: rows[0]!.expires_at };
  }

  /** The live session with this token hash and its user; null when unknown or expired. */
  async findLive(tokenHash: string): Promise<SessionLookup | null> {
    const rows = await this.db.sharedQuery<
      UserRow & { session_id: string; expires_at: Date; last_seen_at: Date }
    >(
      `SELECT s.id AS session_id, s.expires_at, s.last_seen_at, ${USER_COLUMNS}
         FROM core.sessions s JOIN core.users u ON u.id = s.user_id
        WHERE s.token_hash = $1 AND s.expires_at > now()`,
      [tokenHash],
    );
    const r = rows[0];
    return r
      ? { sessionId: r.session_id, expiresAt: r.expires_at, lastSeenAt: r.last_seen_at, user: toUser(r) }
      : null;
  }

  /**
   * Slides the expiry forward (never past the absolute lifetime). Skipped when the session was
   * seen in the last minute, so validating on every BFF request is not a write per request.
   */
  async slide(sessionId: string, ttlHours: number): Promise<Date | null> {
    const rows = await this.db.sharedQuery<{ expires_at: Date }>(
      `UPDATE core.sessions
          SET last_seen_at = now(), expires_at = LEAST(now() + make_interval(hours => $2::int), absolute_expires_at)
        WHERE id = $1 AND last_seen_at < now() - interval '1 minute'
        RETURNING expires_at`,
      [sessionId, ttlHours],
    );
    return rows[0]?.expires_at ?? null;
  }

  async deleteByHash(tokenHash: string): Promise<number> {
    return this.db.sharedExecute('DELETE FROM core.sessions WHERE token_hash = $1', [tokenHash]);
  }

  async deleteForUser(userId: string): Promise<number> {
    return this.db.sharedExecute('DELETE FROM core.sessions WHERE user_id = $1', [userId]);
  }

  async deleteExpired(): Promise<number> {
    return this.db.sharedExecute('DELETE FROM core.sessions WHERE expires_at < now()');
  }
}
