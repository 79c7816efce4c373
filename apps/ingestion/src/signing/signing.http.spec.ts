// X-Signature through the real HTTP wiring (body reader, gzip, CORS, problem details, metrics)
// with core's key lookup and Kafka replaced by fakes. Against the real core and Kafka, with the
// TypeScript SDK signing: test/signing.int-spec.ts.
import { gzipSync } from 'node:zlib';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { makeEvent } from '@gt/contracts';
import { FakeKafka, FakeKeyDirectory, IDENTITY, startTestApp, testConfig } from '../../test/fakes';
import { signV1 } from './request-signature';

let app: NestExpressApplication;
let url: string;
const directory = new FakeKeyDirectory();
const kafka = new FakeKafka();
const required = directory.activeKey({
  ...IDENTITY,
  signing: { required: true, secrets: ['gts_new', 'gts_old'] },
});
const optional = directory.activeKey({ ...IDENTITY, signing: { required: false, secrets: ['gts_new'] } });

beforeAll(async () => {
  Logger.overrideLogger(false);
  ({ app, url } = await startTestApp(testConfig({ CORS_ORIGINS: 'https://game.example' }), {
    keyDirectory: directory,
    kafka,
  }));
});

afterAll(async () => {
  await app.close();
});

const nowSeconds = (): number => Math.floor(Date.now() / 1000);
const sign = (secret: string, body: string, t = nowSeconds()): string =>
  `t=${t},v1=${signV1(secret, t, Buffer.from(body, 'utf8'))}`;

async function post(
  key: string,
  body: string,
  headers: Record<string, string> = {},
  wire: Buffer | string = body,
): Promise<{ status: number; code?: string; date: string | null }> {
  const res = await fetch(`${url}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key, ...headers },
    body: wire,
  });
  const parsed = (await res.json()) as { code?: string };
  return { status: res.status, code: parsed.code, date: res.headers.get('date') };
}

const batch = (): string => JSON.stringify({ events: [makeEvent('design', { playerId: 'signer' })] });

describe('request signing (HTTP wiring, fake core and Kafka)', () => {
  it('accepts a body signed by either live secret, and a gzip body signed before compression', async () => {
    const body = batch();
    expect(await post(required, body, { 'x-signature': sign('gts_new', body) })).toMatchObject({
      status: 202,
    });
    expect(await post(required, body, { 'x-signature': sign('gts_old', body) })).toMatchObject({
      status: 202,
    });
    const gz = batch();
    const res = await post(
      required,
      gz,
      { 'x-signature': sign('gts_new', gz), 'content-encoding': 'gzip' },
      gzipSync(gz),
    );
    expect(res.status).toBe(202);
  });

  it.each([
    ['no signature', 'SIGNATURE_MISSING', (_: string) => undefined],
    ['a malformed one', 'SIGNATURE_MALFORMED', (_: string) => 'v1=abc'],
    ['one older than the window', 'SIGNATURE_EXPIRED', (b: string) => sign('gts_new', b, nowSeconds() - 301)],
    [
      'one from a clock far ahead',
      'SIGNATURE_EXPIRED',
      (b: string) => sign('gts_new', b, nowSeconds() + 400),
    ],
    ['one by an unknown secret', 'SIGNATURE_INVALID', (b: string) => sign('gts_stolen?', b)],
    ['one over another body', 'SIGNATURE_INVALID', (_: string) => sign('gts_new', batch())],
  ])('refuses %s with 401 %s and stores nothing', async (_label, code, header) => {
    const before = kafka.records.length;
    const body = batch();
    const h = header(body);
    const res = await post(required, body, h ? { 'x-signature': h } : {});
    expect(res).toMatchObject({ status: 401, code });
    // Every answer carries the server's time, from which SDKs correct their clock.
    expect(Number.isNaN(Date.parse(res.date ?? ''))).toBe(false);
    expect(kafka.records.length).toBe(before);
  });

  it('only counts signatures of a client that does not require them yet', async () => {
    const body = batch();
    expect((await post(optional, body, { 'x-signature': 'v1=abc' })).status).toBe(202);
    expect((await post(optional, body, { 'x-signature': sign('gts_new', body) })).status).toBe(202);
    expect((await post(optional, body)).status).toBe(202);
    const text = await (await fetch(`${url}/metrics`)).text();
    expect(text).toMatch(/ingestion_signature_checks_total\{result="malformed",enforced="false"\} 1/);
    expect(text).toMatch(/ingestion_signature_checks_total\{result="valid",enforced="false"\} 1/);
    expect(text).toMatch(/ingestion_signature_checks_total\{result="missing",enforced="true"\} 1/);
    expect(text).toMatch(/ingestion_requests_total\{code="SIGNATURE_INVALID"\} 2/);
  });

  it('lets a browser send X-Signature and read Date (CORS)', async () => {
    const pre = await fetch(`${url}/v1/events`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://game.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-api-key,x-signature',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/X-Signature/i);
    const res = await fetch(`${url}/v1/events`, {
      method: 'POST',
      headers: { origin: 'https://game.example', 'content-type': 'application/json', 'x-api-key': optional },
      body: batch(),
    });
    expect(res.status).toBe(202);
    expect(res.headers.get('access-control-expose-headers')).toMatch(/\bDate\b/);
  });
});
