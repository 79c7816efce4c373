import { generateSecret, hashSecret, parseSecret, type SecretFormat, type SecretParseCode } from './secrets';

export { BASE62, base62Checksum, randomBase62, generateSecret, parseSecret, hashSecret } from './secrets';
export type { ParsedSecret, SecretFormat, SecretParseCode } from './secrets';

/** Game-client API keys, sent as `X-API-Key`: `gtk_live_` + 32 base62 + `_` + 6-char checksum. */
export const API_KEY_FORMAT: SecretFormat = { prefix: 'gtk_live_', bodyLength: 32 };
/** Personal access tokens of integrators (BFF `Authorization: Bearer`): `gtp_` + 40 + `_` + checksum. */
export const PERSONAL_TOKEN_FORMAT: SecretFormat = { prefix: 'gtp_', bodyLength: 40 };
/** Opaque session tokens the BFF keeps in its cookie: `gts_` + 43 + `_` + checksum. */
export const SESSION_TOKEN_FORMAT: SecretFormat = { prefix: 'gts_', bodyLength: 43 };

/** Characters of a secret shown in lists so people can tell keys apart (prefix + 3 of the body). */
export const DISPLAY_PREFIX_LENGTH = 12;

export type ParsedApiKey =
  | { ok: true; prefix: string; environment: 'live'; body: string; checksum: string; displayPrefix: string }
  | { ok: false; code: SecretParseCode; message: string };

export function generateApiKey(): string {
  return generateSecret(API_KEY_FORMAT);
}

/**
 * Checks shape and checksum without any I/O. Ingestion calls this before asking core, so a
 * mistyped key costs no database lookup.
 */
export function parseApiKey(value: unknown): ParsedApiKey {
  const parsed = parseSecret(API_KEY_FORMAT, value);
  if (!parsed.ok) return parsed;
  return { ...parsed, environment: 'live', displayPrefix: keyDisplayPrefix(value as string) };
}

/** SHA-256 hex of the full key: what core stores and looks keys up by. */
export function hashApiKey(key: string): string {
  return hashSecret(key);
}

/** The first characters of a key (or token), safe to show and log. */
export function keyDisplayPrefix(key: string): string {
  return key.slice(0, DISPLAY_PREFIX_LENGTH);
}

export function generatePersonalToken(): string {
  return generateSecret(PERSONAL_TOKEN_FORMAT);
}

export function parsePersonalToken(value: unknown) {
  return parseSecret(PERSONAL_TOKEN_FORMAT, value);
}

export function generateSessionToken(): string {
  return generateSecret(SESSION_TOKEN_FORMAT);
}

export function parseSessionToken(value: unknown) {
  return parseSecret(SESSION_TOKEN_FORMAT, value);
}
