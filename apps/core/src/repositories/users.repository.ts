import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import type { UserDto } from '../dtos/user.dto';
import { iso, isoRequired } from '../common/pagination';

export interface UserRow {
  id: string;
  google_subject: string;
  email: string;
  name: string;
  avatar_url: string | null;
  created_at: Date;
  last_sign_in_at: Date | null;
}

export const USER_COLUMNS =
  'u.id, u.google_subject, u.email, u.name, u.avatar_url, u.created_at, u.last_sign_in_at';

export function toUser(r: UserRow): UserDto {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    avatarUrl: r.avatar_url,
    createdAt: isoRequired(r.created_at),
    lastSignInAt: iso(r.last_sign_in_at),
  };
}

export interface GoogleProfile {
  googleSubject: string;
  email: string;
  name: string;
  avatarUrl: string | null;
}

@Injectable()
export class UsersRepository {
  constructor(private readonly db: Database) {}

  async findById(id: string): Promise<UserDto | null> {
    const rows = await this.db.sharedQuery<UserRow>(
      `SELECT ${USER_COLUMNS} FROM core.users u WHERE u.id = $1`,
      [id],
    );
    return rows[0] ? toUser(rows[0]) : null;
  }

  async findByEmail(email: string): Promise<UserDto | null> {
    const rows = await this.db.sharedQuery<UserRow>(
      `SELECT ${USER_COLUMNS} FROM core.users u WHERE lower(u.email) = lower($1)`,
      [email],
    );
    return rows[0] ? toUser(rows[0]) : null;
  }

  /** Locks and returns the user with this subject, or else with this email (an account to link). */
  async lockForSignIn(subject: string, email: string): Promise<UserRow | null> {
    const bySubject = await this.db.sharedQuery<UserRow>(
      `SELECT ${USER_COLUMNS} FROM core.users u WHERE u.google_subject = $1 FOR UPDATE`,
      [subject],
    );
    if (bySubject[0]) return bySubject[0];
    const byEmail = await this.db.sharedQuery<UserRow>(
      `SELECT ${USER_COLUMNS} FROM core.users u WHERE lower(u.email) = lower($1) FOR UPDATE`,
      [email],
    );
    return byEmail[0] ?? null;
  }

  async insert(p: GoogleProfile): Promise<UserDto> {
    const rows = await this.db.sharedQuery<UserRow>(
      `INSERT INTO core.users AS u (google_subject, email, name, avatar_url, last_sign_in_at)
       VALUES ($1, $2, $3, $4, now()) RETURNING ${USER_COLUMNS}`,
      [p.googleSubject, p.email, p.name, p.avatarUrl],
    );
    return toUser(rows[0]!);
  }

  async updateFromSignIn(id: string, p: GoogleProfile): Promise<UserDto> {
    const rows = await this.db.sharedQuery<UserRow>(
      `UPDATE core.users AS u
          SET google_subject = $2, email = $3, name = $4, avatar_url = $5, last_sign_in_at = now(), updated_at = now()
        WHERE u.id = $1
        RETURNING ${USER_COLUMNS}`,
      [id, p.googleSubject, p.email, p.name, p.avatarUrl],
    );
    return toUser(rows[0]!);
  }
}
