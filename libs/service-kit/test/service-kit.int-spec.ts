import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const TOKEN = 'test-service-token';

/** The parts of our JSON answers these tests read. */
interface Answer {
  code: string;
  requestId?: string;
  errors: { field: string }[];
  checks: Record<string, { status: string; error?: string }>;
  openapi: string;
  paths: Record<string, unknown>;
}
async function json(res: Response | Promise<Response>): Promise<Answer> {
  return (await (await res).json()) as Answer;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

function start(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  let out = '';
  const child = spawn(
    process.execPath,
    ['-r', path.join(root, 'tools/build/register.js'), path.join(__dirname, 'fixture-service.ts')],
    {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, output: () => out, exited };
}

async function waitUp(base: string, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/health/live`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`fixture did not start:\n${output()}`);
}

describe('a service built with the service kit', () => {
  let base: string;
  let svc: ReturnType<typeof start>;
  const dir = mkdtempSync(path.join(tmpdir(), 'kit-'));
  const downFlag = path.join(dir, 'down');

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    svc = start({ PORT: String(port), SERVICE_TOKEN: TOKEN, READY_FILE: downFlag });
    await waitUp(base, svc.output);
  });

  afterAll(() => {
    svc.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers live and ready, and ready turns 503 when a dependency check fails', async () => {
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
    expect((await json(ready)).checks['fixture-dependency'].status).toBe('ok');
    writeFileSync(downFlag, '1');
    const down = await fetch(`${base}/health/ready`);
    expect(down.status).toBe(503);
    expect((await json(down)).checks['fixture-dependency']).toMatchObject({
      status: 'down',
      error: 'dependency is down',
    });
    rmSync(downFlag);
  });

  it('reports validation failures as problem details with field errors', async () => {
    const res = await fetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', count: 99, extra: true }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const body = await json(res);
    expect(body.code).toBe('VALIDATION_FAILED');
    const fields = body.errors.map((e) => e.field).sort();
    expect(fields).toEqual(['count', 'extra', 'name']);
  });

  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await fetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":',
    });
    expect(res.status).toBe(400);
    expect((await json(res)).code).toBe('MALFORMED_JSON');
  });

  it('leaves the body of an excluded route to the service, past the JSON parser and its limit', async () => {
    // Not JSON, and over the kit's 1mb JSON limit: the parser would answer 400 or 413.
    const big = `{"not json${'x'.repeat(2 * 1024 * 1024)}`;
    for (const p of ['/raw', '/RAW/']) {
      const res = await fetch(`${base}${p}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: big,
      });
      expect(res.status).toBe(201);
      expect(await res.json()).toEqual({ bytes: big.length, head: big.slice(0, 32) });
    }
  });

  it('still parses JSON on paths that only share a prefix with an excluded one', async () => {
    const res = await fetch(`${base}/rawish`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":',
    });
    expect(res.status).toBe(400);
    expect((await json(res)).code).toBe('MALFORMED_JSON');
  });

  it('refuses internal routes without the service credential', async () => {
    const none = await fetch(`${base}/internal`);
    expect(none.status).toBe(401);
    expect((await json(none)).code).toBe('SERVICE_CREDENTIAL_REQUIRED');
    expect((await fetch(`${base}/internal`, { headers: { 'x-service-token': 'wrong' } })).status).toBe(401);
    expect((await fetch(`${base}/internal`, { headers: { 'x-service-token': TOKEN } })).status).toBe(200);
  });

  it('hides internals of unexpected errors and keeps the request id', async () => {
    const res = await fetch(`${base}/boom`, { headers: { 'x-request-id': 'req-123' } });
    expect(res.status).toBe(500);
    expect(res.headers.get('x-request-id')).toBe('req-123');
    const text = await res.text();
    expect(text).not.toMatch(/hunter2|SELECT/);
    expect(JSON.parse(text)).toMatchObject({ code: 'INTERNAL_ERROR', requestId: 'req-123' });
  });

  it('sets Retry-After for unavailable errors', async () => {
    const res = await fetch(`${base}/domain`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('7');
    expect((await json(res)).code).toBe('THING_UNAVAILABLE');
  });

  it('serves the OpenAPI document and Swagger UI without a CDN', async () => {
    const doc = await json(fetch(`${base}/openapi.json`));
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/echo', '/internal', '/health/ready']));
    const html = await (await fetch(`${base}/docs`)).text();
    expect(html).toMatch(/swagger-ui/);
    expect(html).not.toMatch(/https?:\/\/(cdn|unpkg)/);
    expect((await fetch(`${base}/docs/swagger-ui-bundle.js`)).status).toBe(200);
  });

  it('writes structured JSON logs with the request id', async () => {
    await fetch(`${base}/slow?ms=1`, { headers: { 'x-request-id': 'log-check-1' } });
    await new Promise((r) => setTimeout(r, 100));
    const line = svc
      .output()
      .split('\n')
      .find((l) => l.includes('log-check-1'));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({
      service: 'fixture',
      requestId: 'log-check-1',
      status: 200,
      level: 'info',
    });
  });
});

describe('graceful shutdown', () => {
  it('finishes an in-flight request on SIGTERM, then exits 0', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const svc = start({ PORT: String(port), SERVICE_TOKEN: TOKEN });
    await waitUp(base, svc.output);
    const inflight = fetch(`${base}/slow?ms=1500`).then(async (r) => ({
      status: r.status,
      body: await r.json(),
    }));
    await new Promise((r) => setTimeout(r, 300));
    svc.child.kill('SIGTERM');
    const result = await inflight;
    expect(result).toEqual({ status: 200, body: { waited: 1500 } });
    expect(await svc.exited).toBe(0);
    await expect(fetch(`${base}/health/live`)).rejects.toThrow();
  });

  it('refuses to start with a bad configuration and names the variable', async () => {
    const svc = start({ PORT: 'not-a-port', SERVICE_TOKEN: 'short' });
    expect(await svc.exited).toBe(78);
    expect(svc.output()).toMatch(/PORT: must be an integer/);
    expect(svc.output()).toMatch(/SERVICE_TOKEN: must be at least 8 characters/);
    expect(existsSync(__filename)).toBe(true);
  });
});
