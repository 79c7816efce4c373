// String measures of the wire: lengths in Unicode code points (as ingestion's validator counts
// them, a surrogate pair being one) and UTF-8 bytes (the 16 KiB event limit, the signature).

const encoder: { encode(s: string): Uint8Array } | undefined =
  typeof TextEncoder === 'function' ? new TextEncoder() : undefined;

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** Code points in a string; a lone surrogate counts as one. */
export function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    if (isHigh(s.charCodeAt(i)) && i + 1 < s.length && isLow(s.charCodeAt(i + 1))) i++;
    n++;
  }
  return n;
}

/** The first `max` code points; never splits a surrogate pair. */
export function truncateCodePoints(s: string, max: number): string {
  // Fast path: a string no longer than max UTF-16 units has at most max code points.
  if (s.length <= max) return s;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    if (n === max) return s.slice(0, i);
    if (isHigh(s.charCodeAt(i)) && i + 1 < s.length && isLow(s.charCodeAt(i + 1))) i++;
    n++;
  }
  return s;
}

/** Bytes of `s` as UTF-8 (a lone surrogate as U+FFFD, 3 bytes, as TextEncoder and fetch write it). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (isHigh(c) && i + 1 < s.length && isLow(s.charCodeAt(i + 1))) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** `s` as UTF-8: TextEncoder where there is one (every browser, Node), the same bytes by hand elsewhere. */
export function utf8Encode(s: string): Uint8Array {
  return encoder ? encoder.encode(s) : utf8EncodeByHand(s);
}

/** Exported for tests: the fallback of utf8Encode. */
export function utf8EncodeByHand(s: string): Uint8Array {
  const out = new Uint8Array(utf8Length(s));
  let p = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      out[p++] = c;
    } else if (c < 0x800) {
      out[p++] = 0xc0 | (c >> 6);
      out[p++] = 0x80 | (c & 0x3f);
    } else if (isHigh(c) && i + 1 < s.length && isLow(s.charCodeAt(i + 1))) {
      const cp = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00);
      out[p++] = 0xf0 | (cp >> 18);
      out[p++] = 0x80 | ((cp >> 12) & 0x3f);
      out[p++] = 0x80 | ((cp >> 6) & 0x3f);
      out[p++] = 0x80 | (cp & 0x3f);
    } else {
      if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
      out[p++] = 0xe0 | (c >> 12);
      out[p++] = 0x80 | ((c >> 6) & 0x3f);
      out[p++] = 0x80 | (c & 0x3f);
    }
  }
  return out;
}
