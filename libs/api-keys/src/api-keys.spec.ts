import {
  API_KEY_FORMAT,
  BASE62,
  base62Checksum,
  generateApiKey,
  generatePersonalToken,
  generateSessionToken,
  hashApiKey,
  keyDisplayPrefix,
  parseApiKey,
  parsePersonalToken,
  parseSessionToken,
  randomBase62,
} from './index';

describe('generateApiKey', () => {
  it('makes gtk_live_ + 32 base62 + _ + a 6-character checksum', () => {
    const key = generateApiKey();
    expect(key).toMatch(/^gtk_live_[0-9A-Za-z]{32}_[0-9A-Za-z]{6}$/);
    // 9 (prefix) + 32 (body) + 1 + 6 (checksum)
    expect(key).toHaveLength(48);
  });

  it('never repeats itself across many keys', () => {
    const keys = new Set(Array.from({ length: 2000 }, () => generateApiKey()));
    expect(keys.size).toBe(2000);
  });

  it('round-trips through parseApiKey', () => {
    const key = generateApiKey();
    const parsed = parseApiKey(key);
    expect(parsed).toEqual({
      ok: true,
      prefix: 'gtk_live_',
      environment: 'live',
      body: key.slice(9, 41),
      checksum: key.slice(42),
      displayPrefix: key.slice(0, 12),
    });
  });
});

describe('parseApiKey', () => {
  const key = generateApiKey();

  it.each([
    ['an empty string', ''],
    ['a key without the prefix', key.slice(9)],
    ['a key of another kind', key.replace('gtk_live_', 'gtk_test_')],
    ['a truncated key', key.slice(0, -1)],
    ['a key with a space', ` ${key}`],
    ['a key with a non-base62 character', key.slice(0, 20) + '-' + key.slice(21)],
    ['a number', 42],
    ['undefined', undefined],
  ])('refuses %s as KEY_MALFORMED', (_label, value) => {
    expect(parseApiKey(value)).toMatchObject({ ok: false, code: 'KEY_MALFORMED' });
  });

  it('refuses a one-character typo in the body as KEY_BAD_CHECKSUM', () => {
    const i = 20;
    const swapped = key[i] === 'a' ? 'b' : 'a';
    const typo = key.slice(0, i) + swapped + key.slice(i + 1);
    expect(parseApiKey(typo)).toMatchObject({ ok: false, code: 'KEY_BAD_CHECKSUM' });
  });

  it('refuses two swapped neighbouring characters as KEY_BAD_CHECKSUM', () => {
    // Find two different neighbours in the body (positions 9..40) and swap them.
    let i = 9;
    while (key[i] === key[i + 1]) i++;
    const swapped = key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2);
    expect(parseApiKey(swapped)).toMatchObject({ ok: false, code: 'KEY_BAD_CHECKSUM' });
  });

  it('refuses a wrong checksum as KEY_BAD_CHECKSUM', () => {
    const wrong = key.slice(0, -6) + (key.endsWith('000000') ? '000001' : '000000');
    expect(parseApiKey(wrong)).toMatchObject({ ok: false, code: 'KEY_BAD_CHECKSUM' });
  });
});

describe('base62Checksum', () => {
  it('is a known value for a fixed input (CRC32 in base62, left-padded to 6)', () => {
    // CRC32 of "gtk_live_" + 32 zeros is 0x05de7781 = 98465665, which is 06f9Pt in base62.
    // This must never change: every key ever handed out carries it.
    expect(base62Checksum(API_KEY_FORMAT.prefix + '0'.repeat(32))).toBe('06f9Pt');
  });

  it('encodes a zero CRC as 000000', () => {
    // The crc32 of the empty string is 0.
    expect(base62Checksum('')).toBe('000000');
  });
});

describe('randomBase62', () => {
  it('uses every character of the alphabet roughly evenly', () => {
    const sample = randomBase62(62 * 400);
    const counts = new Map<string, number>();
    for (const c of sample) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(62);
    for (const c of BASE62) {
      // Expected 400 each; a biased generator (modulo of 256) would push the first 8 to ~+25%.
      expect(counts.get(c)).toBeGreaterThan(280);
      expect(counts.get(c)).toBeLessThan(520);
    }
  });
});

describe('hashApiKey and keyDisplayPrefix', () => {
  it('hashes with SHA-256 to 64 hex characters, deterministically', () => {
    const key = generateApiKey();
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(key)).toBe(hashApiKey(key));
    expect(hashApiKey(key)).not.toBe(hashApiKey(generateApiKey()));
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('shows the first 12 characters only', () => {
    expect(keyDisplayPrefix('gtk_live_AbCdEfGh_123456')).toBe('gtk_live_AbC');
  });
});

describe('personal and session tokens', () => {
  it('have their own prefixes and checksums', () => {
    const pat = generatePersonalToken();
    const session = generateSessionToken();
    expect(pat).toMatch(/^gtp_[0-9A-Za-z]{40}_[0-9A-Za-z]{6}$/);
    expect(session).toMatch(/^gts_[0-9A-Za-z]{43}_[0-9A-Za-z]{6}$/);
    expect(parsePersonalToken(pat)).toMatchObject({ ok: true, prefix: 'gtp_' });
    expect(parseSessionToken(session)).toMatchObject({ ok: true, prefix: 'gts_' });
    expect(parsePersonalToken(session)).toMatchObject({ ok: false, code: 'KEY_MALFORMED' });
    expect(parseApiKey(pat)).toMatchObject({ ok: false, code: 'KEY_MALFORMED' });
  });
});
