import { createHash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * Every secret the platform hands out (API keys, personal access tokens, session tokens) has
 * the same shape: `<prefix><body>_<checksum>`.
 *
 * - The prefix says what the secret is, so a leaked one is recognisable (secret scanners, logs).
 * - The body is uniformly random base62: 32 characters carry ~190 bits, far beyond guessing,
 *   which is also why a plain SHA-256 (no salt, no slow hash) is the right stored form: there
 *   is no dictionary to attack, and validation stays one hash plus one indexed lookup.
 * - The checksum is CRC32 of prefix + body in 6 base62 characters, so a mistyped or truncated
 *   secret is refused by the caller without a database round trip.
 */

export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const CHECKSUM_LENGTH = 6;

/** Uniform random base62 string (rejection sampling: no modulo bias). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(Math.ceil((length - out.length) * 1.3) + 8)) {
      // 248 = 4 * 62: bytes at or above it would favour the first characters.
      if (byte < 248) out += BASE62[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

export function base62Checksum(text: string): string {
  let n = crc32(Buffer.from(text, 'utf8'));
  let out = '';
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out;
}

export interface SecretFormat {
  /** e.g. `gtk_live_`; must end with `_` and contain only [a-z_]. */
  prefix: string;
  bodyLength: number;
}

export function generateSecret(format: SecretFormat): string {
  const body = randomBase62(format.bodyLength);
  return `${format.prefix}${body}_${base62Checksum(format.prefix + body)}`;
}

export type SecretParseCode = 'KEY_MALFORMED' | 'KEY_BAD_CHECKSUM';

export type ParsedSecret =
  | { ok: true; prefix: string; body: string; checksum: string }
  | { ok: false; code: SecretParseCode; message: string };

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function parseSecret(format: SecretFormat, value: unknown): ParsedSecret {
  if (typeof value !== 'string')
    return { ok: false, code: 'KEY_MALFORMED', message: 'The key must be a string' };
  const pattern = new RegExp(
    `^(${escape(format.prefix)})([0-9A-Za-z]{${format.bodyLength}})_([0-9A-Za-z]{${CHECKSUM_LENGTH}})$`,
  );
  const m = pattern.exec(value);
  if (!m) {
    return {
      ok: false,
      code: 'KEY_MALFORMED',
      message: `The key must look like ${format.prefix}<${format.bodyLength} letters or digits>_<${CHECKSUM_LENGTH} letters or digits>`,
    };
  }
  const [, prefix, body, checksum] = m as unknown as [string, string, string, string];
  if (base62Checksum(prefix + body) !== checksum) {
    return {
      ok: false,
      code: 'KEY_BAD_CHECKSUM',
      message: 'The key has a bad checksum: it was probably mistyped or truncated',
    };
  }
  return { ok: true, prefix, body, checksum };
}

/** SHA-256 hex of the whole secret: the only form that is stored. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
