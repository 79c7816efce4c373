import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './repo-root';

const run = promisify(execFile);

export type InfraService = 'postgres' | 'redis' | 'kafka' | 'influxdb' | 'smtp';

const script = path.join(repoRoot, 'tools', 'infra', 'infra.sh');

async function infraSh(...args: string[]): Promise<string> {
  try {
    const { stdout } = await run('bash', [script, ...args], {
      cwd: repoRoot,
      // Kafka may need its 60 s readiness timeout plus a graceful stop; never hang a test forever.
      timeout: 150_000,
      maxBuffer: 4 * 1024 * 1024,
    });
    return stdout;
  } catch (e) {
    const err = e as Error & { stdout?: string; stderr?: string };
    throw new Error(
      `infra.sh ${args.join(' ')} failed: ${err.message}\n${err.stdout ?? ''}${err.stderr ?? ''}`,
    );
  }
}

/**
 * Fault injection for integration tests, through tools/infra/infra.sh so tests and developers
 * drive the stack the same way. Works on services this checkout started (pid files in .infra/)
 * and, delegated to that checkout's infra.sh, on another checkout's stack that this one reuses
 * (a CI clone next to a developer's tree). A suite that kills or stops something must start it
 * again, even when it fails (afterAll).
 */
export const infraControl = {
  /**
   * Starts the service (all of them without an argument) if needed and resolves, with the
   * script's output, once it is ready. Idempotent: about a second when already running.
   */
  async start(service?: InfraService): Promise<string> {
    return infraSh('up', ...(service ? [service] : []));
  },
  /** Graceful stop: SIGTERM (SIGINT for PostgreSQL), then SIGKILL after a timeout. */
  async stop(service: InfraService): Promise<string> {
    return infraSh('down', service);
  },
  /** SIGKILL via the pid file: a crash, no shutdown hooks. Resolves once the process is gone. */
  async kill(service: InfraService): Promise<string> {
    return infraSh('kill', service);
  },
  /** `infra.sh status` output; rejects if any service is down. */
  async status(): Promise<string> {
    return infraSh('status');
  },
};
