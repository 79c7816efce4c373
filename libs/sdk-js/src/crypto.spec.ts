import { createHash, createHmac, randomBytes } from 'node:crypto';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { formats } from '../test/formats';
import { crc32, hex, hmacSha256, hmacSha256Hex, sha256, sha256Hex, signatureHeader } from './crypto';

describe('SHA-256 and HMAC-SHA256 (formats.json)', () => {
  it.each(formats.sha256.map((c) => [c.input.slice(0, 20), c]))('sha256 %j', (_, c) => {
    expect(sha256Hex(c.input)).toBe(c.sha256);
  });

  it.each(formats.hmacSha256.map((c) => [c.secret.slice(0, 20), c.message.slice(0, 20), c]))(
    'hmacSha256 %j %j',
    (_, __, c) => {
      expect(hmacSha256Hex(c.secret, c.message)).toBe(c.hmacSha256);
    },
  );

  it('agrees with node:crypto around every padding boundary, on 1 MiB, and with keys past one block', () => {
    for (let n = 0; n <= 200; n++) {
      const data = randomBytes(n);
      expect(hex(sha256(data))).toBe(createHash('sha256').update(data).digest('hex'));
      const key = randomBytes(n % 130);
      expect(hex(hmacSha256(key, data))).toBe(createHmac('sha256', key).update(data).digest('hex'));
    }
    const big = randomBytes(1024 * 1024);
    expect(hex(sha256(big))).toBe(createHash('sha256').update(big).digest('hex'));
    // Parts are hashed as their concatenation.
    expect(hex(sha256(big.subarray(0, 3), big.subarray(3)))).toBe(hex(sha256(big)));
  });

  it('writes X-Signature as t=<t>,v1=<hex HMAC(secret, "<t>." + body)>, body as UTF-8', () => {
    const body = '{"events":[{"name":"Boss:Défaité 😀"}]}';
    const expected = createHmac('sha256', 'gtsig_s3cret').update(`1795514400.${body}`, 'utf8').digest('hex');
    expect(signatureHeader('gtsig_s3cret', 1795514400, body)).toBe(`t=1795514400,v1=${expected}`);
  });
});

describe('CRC-32 (formats.json)', () => {
  it.each(formats.crc32)('$input', (c) => {
    expect(crc32(c.input)).toBe(c.crc32);
  });

  it('agrees with zlib on UTF-8 text', () => {
    for (const s of ['é€😀', 'gtk_live_', randomBytes(300).toString('base64')])
      expect(crc32(s)).toBe(zlibCrc32(Buffer.from(s, 'utf8')));
  });
});
