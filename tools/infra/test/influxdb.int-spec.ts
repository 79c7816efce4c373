import { infra, uniqueId, waitFor } from '@gt/testing';

interface InfluxQueryResponse {
  results: {
    statement_id: number;
    error?: string;
    series?: { name: string; columns: string[]; values: unknown[][] }[];
  }[];
  error?: string;
}

async function influxQuery(q: string, db?: string): Promise<InfluxQueryResponse> {
  const params = new URLSearchParams({ q, epoch: 'ms', ...(db ? { db } : {}) });
  const res = await fetch(`${infra.influxdb.url}/query`, { method: 'POST', body: params });
  const body = (await res.json()) as InfluxQueryResponse;
  const error = body.error ?? body.results.find((r) => r.error)?.error;
  if (!res.ok || error) throw new Error(`InfluxQL "${q}" failed: HTTP ${res.status} ${error ?? ''}`);
  return body;
}

describe('InfluxDB 1.x (v1 HTTP API)', () => {
  // A database of its own, so nothing here touches the services' data.
  const db = uniqueId('infra_it');

  afterAll(async () => {
    await influxQuery(`DROP DATABASE "${db}"`);
  });

  it('answers /ping with 204 and a version header', async () => {
    const res = await fetch(`${infra.influxdb.url}/ping`);
    expect(res.status).toBe(204);
    expect(res.headers.get('x-influxdb-version')).toMatch(/^1\./);
  });

  it('has the configured database', async () => {
    const body = await influxQuery('SHOW DATABASES');
    const names = (body.results[0]!.series?.[0]?.values ?? []).map((v) => v[0]);
    expect(names).toContain(infra.influxdb.database);
  });

  it('writes line protocol and reads it back with InfluxQL', async () => {
    await influxQuery(`CREATE DATABASE "${db}"`);
    const t = Date.now() - 1000;
    const lines = [
      `events,game=g1,type=purchase amount=4.99,count=1i ${t}`,
      `events,game=g1,type=purchase amount=0.99,count=1i ${t + 1}`,
    ];
    const res = await fetch(`${infra.influxdb.url}/write?db=${db}&precision=ms`, {
      method: 'POST',
      body: lines.join('\n'),
    });
    expect(res.status).toBe(204);

    const rows = await waitFor(
      async () => {
        const body = await influxQuery(
          `SELECT sum(amount) AS total, count(count) AS n FROM events WHERE game = 'g1'`,
          db,
        );
        return body.results[0]!.series?.[0]?.values[0];
      },
      { message: 'the written points' },
    );
    expect(rows[1]).toBeCloseTo(5.98, 5);
    expect(rows[2]).toBe(2);
  });
});
