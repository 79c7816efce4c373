// Starts the alerting service as a real child process (the TypeScript sources through
// tools/build/register.js), for integration tests and the benchmark: several instances,
// SIGKILL between claiming and sending, graceful stop.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import type { AlertingStatusDto } from '../src/status/status.dto';

const root = path.resolve(__dirname, '../../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export interface AlertingProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  status(): Promise<AlertingStatusDto>;
  /** SIGTERM and wait for the exit code (graceful shutdown). */
  stop(): Promise<number | null>;
  /** SIGKILL: a crash, no shutdown hooks. */
  kill(): Promise<void>;
}

export interface StartOptions {
  /** Wait until /health/ready answers 200 (rules loaded, consumer connected). Default true. */
  waitReady?: boolean;
  timeoutMs?: number;
  /** Print the service's output as it comes (benchmark progress). */
  echo?: boolean;
}

export async function startAlerting(
  env: Record<string, string>,
  options: StartOptions = {},
): Promise<AlertingProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let out = '';
  const child = spawn(
    process.execPath,
    ['-r', path.join(root, 'tools/build/register.js'), path.join(root, 'apps/alerting/src/main.ts')],
    {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'info', ...env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const collect = (d: Buffer) => {
    out += d.toString();
    if (out.length > 2_000_000) out = out.slice(-1_000_000);
    if (options.echo) process.stdout.write(d);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const token = env.SERVICE_TOKEN ?? '';

  const proc: AlertingProcess = {
    url,
    child,
    output: () => out,
    async status() {
      const res = await fetch(`${url}/internal/status`, { headers: { 'x-service-token': token } });
      if (!res.ok) throw new Error(`status: HTTP ${res.status}`);
      return (await res.json()) as AlertingStatusDto;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };

  const deadline = Date.now() + (options.timeoutMs ?? 45_000);
  const path_ = options.waitReady === false ? '/health/live' : '/health/ready';
  for (;;) {
    if (child.exitCode !== null) throw new Error(`alerting exited with ${child.exitCode}:\n${out}`);
    try {
      if ((await fetch(`${url}${path_}`)).ok) return proc;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await proc.kill();
      throw new Error(`alerting did not become ready on ${url}:\n${out.slice(-5000)}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}
