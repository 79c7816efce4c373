// The real core service for alerting's integration tests: a fresh PostgreSQL database of its
// own on the project's cluster, core started as a child process on it (migrations run at
// start), and the user routes a developer would use to make a studio, games and rules.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { localInfra } from '@gt/service-kit';
import { Client } from 'pg';
import { freePort } from './alerting-process';

const root = path.resolve(__dirname, '../../..');

export interface CoreProcess {
  url: string;
  token: string;
  /** Calls a user route as `userId` (or an internal route without one). */
  call<T>(method: string, route: string, body?: unknown, userId?: string): Promise<T>;
  stop(): Promise<void>;
}

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: localInfra().postgresUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function startCore(token: string): Promise<CoreProcess> {
  const database = `alerting_core_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE "${database}"`));
  const dbUrl = new URL(localInfra().postgresUrl);
  dbUrl.pathname = `/${database}`;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let out = '';
  const child = spawn(
    process.execPath,
    ['-r', path.join(root, 'tools/build/register.js'), path.join(root, 'apps/core/src/main.ts')],
    {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        PORT: String(port),
        HOST: '127.0.0.1',
        SERVICE_TOKEN: token,
        DATABASE_URL: dbUrl.toString(),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    await admin((c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)).catch(() => undefined);
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`core exited with ${child.exitCode}:\n${out}`);
    }
    try {
      if ((await fetch(`${url}/health/ready`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`core did not become ready:\n${out.slice(-5000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    url,
    token,
    async call<T>(method: string, route: string, body?: unknown, userId?: string): Promise<T> {
      const headers: Record<string, string> = { 'x-service-token': token };
      if (userId) headers['x-user-id'] = userId;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${url}${route}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`core ${method} ${route}: ${res.status} ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
    stop,
  };
}
