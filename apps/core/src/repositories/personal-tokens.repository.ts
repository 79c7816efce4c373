import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import type { PersonalTokenDto } from '../dtos/personal-token.dto';
import type { UserDto } from '../dtos/user.dto';
import { iso, isoRequired } from '../common/pagination';
import { USER_COLUMNS, toUser, type UserRow } from './users.repository';

interface TokenRow {
  id: string;
  name: string;
  display_prefix: string;
  created_at: Date;
  last_used_at: Date | null;
  expires_at: Date | null;
}

const COLUMNS = 't.id, t.name, t.display_prefix, t.created_at, t.last_used_at, t.expires_at';

function toToken(r: TokenRow): PersonalTokenDto {
  return {
    id: r.id,
    name: r.name,
    displayPrefix: r.display_prefix,
    createdAt: isoRequired(r.created_at),
    lastUsedAt: iso(r.last_used_at),
    expiresAt: iso(r.expires_at),
  };
}

@Injectable()
export class PersonalTokensRepository {
  constructor(private readonly db: Database) {}

  async insert(opts: {
    userId: string;
    name: string;
    tokenHash: string;
    displayPrefix: string;
    expiresInDays?: number;
  }): Promise<PersonalTokenDto> {
    const rows = await this.db.sharedQuery<TokenRow>(
      `INSERT INTO core.personal_tokens AS t (user_id, name, token_hash, display_prefix, expires_at)
       VALUES ($1, $2, $3, $4, CASE WHEN $5::int IS NULL THEN NULL ELSE now() + make_interval(days => $5::int) END)
       RETURNING ${COLUMNS}`,
      [opts.userId, opts.name, opts.tokenHash, opts.displayPrefix, opts.expiresInDays ?? null],
    );
    return toToken(rows[0]!);
  }

  /** Tokens that still work (not revoked, not expired), newest first. */
  async listLive(userId: string): Promise<PersonalTokenDto[]> {
    const rows = await this.db.sharedQuery<TokenRow>(
      `SELECT ${COLUMNS} FROM core.personal_tokens t
        WHERE t.user_id = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())
        ORDER BY t.created_at DESC, t.id DESC`,
      [userId],
    );
    return rows.map(toToken);
  }

  async revoke(userId: string, tokenId: string): Promise<boolean> {
    const n = await this.db.sharedExecute(
      'UPDATE core.personal_tokens SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL',
      [tokenId, userId],
    );
    return n > 0;
  }

  async findLive(tokenHash: string): Promise<{ token: PersonalTokenDto; user: UserDto } | null> {
    const rows = await this.db.sharedQuery<
      UserRow & {
        t_id: string;
        t_name: string;
        t_display_prefix: string;
        t_created_at: Date;
        t_last_used_at: Date | null;
        t_expires_at: Date | null;
      }
    >(
      `SELECT t.id AS t_id, t.name AS t_name, t.display_prefix AS t_display_prefix, t.created_at AS t_created_at,
              t.last_used_at AS t_last_used_at, t.expires_at AS t_expires_at, ${USER_COLUMNS}
         FROM core.personal_tokens t JOIN core.users u ON u.id = t.user_id
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())`,
      [tokenHash],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      user: toUser(r),
      token: toToken({
        id: r.t_id,
        name: r.t_name,
        display_prefix: r.t_display_prefix,
        created_at: r.t_created_at,
        last_used_at: r.t_last_used_at,
        expires_at: r.t_expires_at,
      }),
    };
  }

  /** At most one write a minute per token. */
  async touch(tokenId: string): Promise<void> {
    await this.db.sharedExecute(
      `UPDATE core.personal_tokens SET last_used_at = now()
        WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [tokenId],
    );
  }
}
