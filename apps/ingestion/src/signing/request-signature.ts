import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a key's client asks of its requests (from core's key validation answer). */
export interface SigningPolicy {
  required: boolean;
  /** Live secrets, newest first: two during a rotation. */
  secrets: readonly string[];
}

export const NO_SIGNING: SigningPolicy = { required: false, secrets: [] };

/** The outcome of checking X-Signature; everything but `valid` is also the 401 code's suffix. */
export type SignatureCheck = 'valid' | 'missing' | 'malformed' | 'expired' | 'invalid';

export const SIGNATURE_ERROR_CODES = {
  missing: 'SIGNATURE_MISSING',
  malformed: 'SIGNATURE_MALFORMED',
  expired: 'SIGNATURE_EXPIRED',
  invalid: 'SIGNATURE_INVALID',
} as const satisfies Record<Exclude<SignatureCheck, 'valid'>, string>;

export interface ParsedSignature {
  /** Unix seconds the client signed at. */
  t: number;
  /** The v1 signatures (lowercase hex HMAC-SHA256); more than one is allowed. */
  v1: string[];
}

const HEX_64 = /^[0-9a-f]{64}$/;

/**
 * `t=<unix seconds>,v1=<hex>`; unknown schemes (`v2=`) are skipped so that a newer SDK may send
 * both. Null when there is no usable `t` or no well-formed `v1`.
 */
export function parseSignatureHeader(header: string): ParsedSignature | null {
  let t: number | null = null;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return null;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name === 't') {
      if (t !== null || !/^\d{1,12}$/.test(value)) return null;
      t = Number(value);
    } else if (name === 'v1') {
      if (!HEX_64.test(value)) return null;
      v1.push(value);
    }
  }
  return t === null || v1.length === 0 ? null : { t, v1 };
}

/** Lowercase hex HMAC-SHA256(secret, "<t>." + body), the v1 scheme. */
export function signV1(secret: string, t: number, body: Buffer): string {
  return createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');
}

/**
 * Checks an X-Signature header against the body as received (after gunzip) with every live
 * secret, comparing in constant time, and refuses a `t` further than `toleranceSeconds` from
 * `nowMs` in either direction.
 */
export function checkSignature(opts: {
  header: string | string[] | undefined;
  body: Buffer;
  secrets: readonly string[];
  nowMs: number;
  toleranceSeconds: number;
}): SignatureCheck {
  const raw = Array.isArray(opts.header) ? opts.header[0] : opts.header;
  if (raw === undefined || raw.trim() === '') return 'missing';
  const parsed = parseSignatureHeader(raw);
  if (!parsed) return 'malformed';
  if (Math.abs(opts.nowMs / 1000 - parsed.t) > opts.toleranceSeconds) return 'expired';
  for (const secret of opts.secrets) {
    const expected = Buffer.from(signV1(secret, parsed.t, opts.body), 'hex');
    for (const given of parsed.v1) {
      if (timingSafeEqual(expected, Buffer.from(given, 'hex'))) return 'valid';
    }
  }
  return 'invalid';
}
