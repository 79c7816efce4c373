import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkSignature, parseSignatureHeader, signV1 } from './request-signature';

const NOW = Date.parse('2026-11-24T10:00:00.000Z');
const T = NOW / 1000;
const BODY = Buffer.from('{"events":[{"type":"design","name":"Boss:Défaité"}]}', 'utf8');
const check = (header: string | undefined, secrets = ['gts_current'], nowMs = NOW, body = BODY) =>
  checkSignature({ header, body, secrets, nowMs, toleranceSeconds: 300 });

describe('request signatures (v1)', () => {
  it('signs "<t>." + the body bytes, as the shared SDK vectors do', () => {
    const formats = JSON.parse(
      readFileSync(path.join(__dirname, '../../../../libs/sdk-vectors/vectors/formats.json'), 'utf8'),
    ) as { hmacSha256: { secret: string; message: string; hmacSha256: string }[] };
    expect(formats.hmacSha256.length).toBeGreaterThan(0);
    for (const c of formats.hmacSha256) {
      expect(createHmac('sha256', c.secret).update(c.message).digest('hex')).toBe(c.hmacSha256);
    }
    const vector = JSON.parse(
      readFileSync(path.join(__dirname, '../../../../libs/sdk-vectors/vectors/013-signature.json'), 'utf8'),
    ) as {
      config: { signingSecret: string };
      steps: { request?: { headers: Record<string, string>; body: string } }[];
    };
    const signed = vector.steps.filter((s) => s.request?.headers['x-signature']);
    expect(signed.length).toBeGreaterThan(0);
    for (const step of signed) {
      const header = step.request!.headers['x-signature']!;
      const t = parseSignatureHeader(header)!.t;
      expect(header).toBe(
        `t=${t},v1=${signV1(vector.config.signingSecret, t, Buffer.from(step.request!.body))}`,
      );
      expect(
        checkSignature({
          header,
          body: Buffer.from(step.request!.body, 'utf8'),
          secrets: [vector.config.signingSecret],
          nowMs: t * 1000,
          toleranceSeconds: 300,
        }),
      ).toBe('valid');
    }
  });

  it('accepts a signature by any live secret (rotation), and more than one v1', () => {
    const byOld = `t=${T},v1=${signV1('gts_old', T, BODY)}`;
    expect(check(byOld, ['gts_new', 'gts_old'])).toBe('valid');
    expect(check(byOld, ['gts_new'])).toBe('invalid');
    const both = `t=${T},v1=${'0'.repeat(64)},v1=${signV1('gts_new', T, BODY)},v2=whatever`;
    expect(check(both, ['gts_new'])).toBe('valid');
  });

  it('refuses a changed body, a changed t, and a signature by no live secret', () => {
    const good = `t=${T},v1=${signV1('gts_current', T, BODY)}`;
    expect(check(good)).toBe('valid');
    expect(check(good, ['gts_current'], NOW, Buffer.from(BODY.toString().replace('Boss', 'Bass')))).toBe(
      'invalid',
    );
    expect(check(`t=${T + 1},v1=${signV1('gts_current', T, BODY)}`)).toBe('invalid');
    expect(check(good, [])).toBe('invalid');
  });

  it('refuses t outside the tolerance window on either side, inclusive at 300 s', () => {
    const at = (t: number) => `t=${t},v1=${signV1('gts_current', t, BODY)}`;
    expect(check(at(T - 300))).toBe('valid');
    expect(check(at(T + 300))).toBe('valid');
    expect(check(at(T - 301))).toBe('expired');
    expect(check(at(T + 301))).toBe('expired');
  });

  it('tells missing from malformed', () => {
    expect(check(undefined)).toBe('missing');
    expect(check('  ')).toBe('missing');
    for (const bad of [
      'garbage',
      `v1=${'a'.repeat(64)}`,
      `t=${T}`,
      `t=${T},v1=${'A'.repeat(64)}`,
      `t=${T},v1=abc`,
      `t=-5,v1=${'a'.repeat(64)}`,
      `t=${T},t=${T},v1=${'a'.repeat(64)}`,
    ]) {
      expect(check(bad)).toBe('malformed');
    }
  });
});
