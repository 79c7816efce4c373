// The shape of a game client's API key, checked at init so that a mistyped or truncated key shows
// up on the developer's first run rather than as 401s from the server. The rules are
// libs/api-keys' (`gtk_live_` + 32 base62 + `_` + base62 CRC-32 of the rest); that library uses
// node:crypto and node:zlib, so the few lines are repeated here for browsers, and the tests hold
// them to it (and to libs/sdk-vectors/vectors/formats.json).
import { crc32 } from './crypto';

export type ApiKeyProblem = 'KEY_MALFORMED' | 'KEY_BAD_CHECKSUM';

const PREFIX = 'gtk_live_';
const SHAPE = /^gtk_live_[0-9A-Za-z]{32}_[0-9A-Za-z]{6}$/;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** undefined for a well-formed key; otherwise what is wrong with it. No network, no secret involved. */
export function checkApiKey(key: unknown): ApiKeyProblem | undefined {
  if (typeof key !== 'string' || !SHAPE.test(key)) return 'KEY_MALFORMED';
  const split = PREFIX.length + 32;
  let n = crc32(key.slice(0, split));
  let checksum = '';
  for (let i = 0; i < 6; i++) {
    checksum = BASE62[n % 62]! + checksum;
    n = Math.floor(n / 62);
  }
  return checksum === key.slice(split + 1) ? undefined : 'KEY_BAD_CHECKSUM';
}
