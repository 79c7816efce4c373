// MetricsClientGateway against a stand-in metrics on loopback: answers pass through, and a 404
// (a route metrics does not have: the two deployed out of step) is UPSTREAM_UNAVAILABLE for that
// call, never an empty series. A game without events is metrics' zeros, not a 404 (commit f6974f1).
import { createServer, type Server } from 'node:http';
import { createLogger, DomainError, MetricsRegistry } from '@gt/service-kit';
import { loadBffConfig } from '../config';
import { TimeBucket } from '../dashboard/dashboard.models';
import { ErrorCode } from '../graphql/errors';
import { DownstreamMetrics } from './downstream-metrics';
import { MetricsClientGateway } from './metrics-client.gateway';

const GAME = '2f6b1c55-0d7e-4a3b-9c1e-5a8f3e2d1b00';
const range = { from: '2026-08-26T10:06:00.000Z', to: '2026-11-24T10:06:00.000Z', tz: 'UTC' };
const problem = (status: number, code: string) => ({
  status,
  code,
  title: code,
  type: `urn:gt:error:${code}`,
});

describe('MetricsClientGateway', () => {
  let server: Server;
  let gateway: MetricsClientGateway;
  const answers = new Map<string, { status: number; body: unknown }>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const a = answers.get(path) ?? { status: 404, body: problem(404, 'NOT_FOUND') };
      res.writeHead(a.status, {
        'content-type': a.status < 300 ? 'application/json' : 'application/problem+json',
      });
      res.end(JSON.stringify(a.body));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const config = loadBffConfig({
      NODE_ENV: 'test',
      SERVICE_TOKEN: 'unit-test-service-token-123',
      METRICS_URL: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    });
    gateway = new MetricsClientGateway(
      config,
      new DownstreamMetrics(new MetricsRegistry()),
      createLogger('bff', 'silent'),
    );
  });

  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  it("passes metrics' zeros for a game without events through as they are", async () => {
    answers.set(`/v1/games/${GAME}/top-events`, { status: 200, body: { ...range, items: [] } });
    await expect(gateway.topEvents(GAME, { ...range, limit: 10 })).resolves.toEqual([]);
  });

  it('reads a 404 as metrics unavailable for that call, not as an empty series', async () => {
    // No answer set for new-players: the stand-in says 404, as an older metrics would of a newer route.
    const refused = gateway.newPlayers(GAME, { ...range, bucket: TimeBucket.ONE_DAY });
    await expect(refused).rejects.toBeInstanceOf(DomainError);
    await expect(refused).rejects.toMatchObject({
      code: ErrorCode.UPSTREAM_UNAVAILABLE,
      details: { service: 'metrics' },
    });
  });

  it("keeps metrics' 400s as the caller's mistake, with metrics' code", async () => {
    answers.set(`/v1/games/${GAME}/progression`, { status: 400, body: problem(400, 'INVALID_RANGE') });
    await expect(gateway.progression(GAME, range)).rejects.toMatchObject({
      code: 'INVALID_RANGE',
      status: 400,
    });
  });
});
