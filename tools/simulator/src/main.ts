// Game traffic simulator: N players with the SDK against a real ingestion endpoint and key.
//   node -r ./tools/build/register.js tools/simulator/src/main.ts --api-key gtk_live_... [options]
// Options (env in brackets):
//   --endpoint URL          ingestion base URL [GT_ENDPOINT] (default http://127.0.0.1:3002)
//   --api-key KEY           a game client key [GT_API_KEY] (required)
//   --players N             concurrent players (default 20)
//   --rate N                events per second over all players (default players / 2)
//   --duration S            stop after S seconds; 0 runs until SIGINT/SIGTERM (default 0)
//   --seed N                reproducible behaviour (default: time-based)
//   --prefix NAME           player ids NAME-1..NAME-N (default sim)
//   --batch-size N, --flush-interval-ms N   SDK batching (defaults 25, 1000)
//   --follow-pid PID        exit when process PID is gone (the demo ties the simulator to ingestion)
//   --quiet                 no periodic stats line
import { Simulation, type SimulationTotals } from './simulation';

interface Args {
  endpoint: string;
  apiKey: string;
  players: number;
  rate: number;
  duration: number;
  seed: number;
  prefix: string;
  batchSize: number;
  flushIntervalMs: number;
  followPid: number | undefined;
  quiet: boolean;
}

export function parseArgs(argv: string[], env: Record<string, string | undefined>): Args {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const num = (name: string, fallback: number): number => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got ${raw}`);
    return n;
  };
  const apiKey = get('api-key') ?? env.GT_API_KEY;
  if (!apiKey) throw new Error('--api-key (or GT_API_KEY) is required');
  const players = Math.max(1, Math.floor(num('players', 20)));
  return {
    endpoint: get('endpoint') ?? env.GT_ENDPOINT ?? 'http://127.0.0.1:3002',
    apiKey,
    players,
    rate: num('rate', players / 2),
    duration: num('duration', 0),
    seed: Math.floor(num('seed', Date.now() % 1_000_000)),
    prefix: get('prefix') ?? 'sim',
    batchSize: Math.max(1, Math.floor(num('batch-size', 25))),
    flushIntervalMs: Math.max(10, Math.floor(num('flush-interval-ms', 1000))),
    followPid: get('follow-pid') === undefined ? undefined : Math.floor(num('follow-pid', 0)),
    quiet: argv.includes('--quiet'),
  };
}

function line(t: SimulationTotals): string {
  return `players=${t.players} sent=${t.sent} queued=${t.queued} rejected=${t.rejected} dropped=${t.dropped} retries=${t.retries} halted=${t.halted}`;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), process.env);
  const sim = new Simulation({
    endpoint: args.endpoint,
    apiKey: args.apiKey,
    players: args.players,
    eventsPerSecond: args.rate,
    playerPrefix: args.prefix,
    seed: args.seed,
    batchSize: args.batchSize,
    flushIntervalMs: args.flushIntervalMs,
    onIssue: (issue) => {
      if (issue.kind === 'refused' || issue.kind === 'rejected')
        console.error(`[simulator] ${JSON.stringify(issue)}`);
    },
  });
  console.log(
    `[simulator] ${args.players} players, ~${args.rate} events/s -> ${args.endpoint} (seed ${args.seed}${args.duration ? `, ${args.duration} s` : ''})`,
  );
  sim.start();
  const started = Date.now();
  const ticker = args.quiet
    ? undefined
    : setInterval(() => console.log(`[simulator] ${line(sim.totals())}`), 10_000);
  let stopping = false;
  const stop = async (why: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    clearInterval(ticker);
    const t = await sim.stop();
    console.log(
      `[simulator] stopped (${why}) after ${Math.round((Date.now() - started) / 1000)} s: ${line(t)}`,
    );
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  if (args.duration > 0) setTimeout(() => void stop('duration reached'), args.duration * 1000);
  if (args.followPid !== undefined) {
    const pid = args.followPid;
    setInterval(() => {
      if (!alive(pid)) void stop(`process ${pid} is gone`);
    }, 2000).unref();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(`[simulator] ${(e as Error).message}`);
    process.exit(2);
  });
}
