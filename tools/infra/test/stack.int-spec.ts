import { infraControl, waitFor } from '@gt/testing';

const services = ['postgres', 'redis', 'kafka', 'influxdb', 'smtp'] as const;

describe('infra.sh', () => {
  it('reports every service healthy', async () => {
    // Other projects' fault tests may be restarting a service right now: allow them to finish.
    const status = await waitFor(() => infraControl.status(), {
      timeoutMs: 60_000,
      intervalMs: 1000,
      message: 'all healthy',
    });
    for (const svc of services) expect(status).toMatch(new RegExp(`^${svc}\\s+healthy\\s`, 'm'));
  });

  it('`up` on a running stack starts nothing and keeps every process', async () => {
    await infraControl.start(); // brings back anything a concurrent fault test left down
    // Each healthy line carries the pid (or, for a stack another checkout owns, its owner):
    // identical lines before and after mean nothing was restarted.
    const pids = (status: string) => status.split('\n').filter((l) => /^\w+\s+healthy/.test(l));
    const before = pids(await infraControl.status());
    const out = await infraControl.start();
    expect(out).not.toMatch(/started:/);
    expect(out).toMatch(/ready in/);
    expect(pids(await infraControl.status())).toEqual(before);
    expect(before).toHaveLength(services.length);
  });
});
