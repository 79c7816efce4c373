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

  it('`up` on a running stack starts nothing and is quick', async () => {
    await infraControl.start(); // brings back anything a concurrent fault test left down
    const started = Date.now();
    const out = await infraControl.start();
    expect(out).not.toMatch(/started:/);
    expect(out).toMatch(/ready in/);
    // Generous for a loaded CI machine; a Kafka restart alone would take ~4 s or more.
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
