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
    const pids = (status: string) =>
      [...status.matchAll(/^(\w+)\s+healthy.*pid (\d+)/gm)].map((m) => `${m[1]}:${m[2]}`);
    const before = pids(await infraControl.status());
    const out = await infraControl.start();
    expect(out).not.toMatch(/started:/);
    expect(out).toMatch(/ready in/);
    expect(pids(await infraControl.status())).toEqual(before);
    expect(before).toHaveLength(services.length);
  });
});
