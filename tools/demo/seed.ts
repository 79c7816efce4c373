// Demo data for the run command (tools/run/platform.sh calls this once every app is healthy,
// with SERVICE_TOKEN in the environment). Idempotent: a demo user (demo@example.com, the BFF's
// development sign-in), "Demo Studio", the game "Space Miners" with a web client and an API key,
// all through core's REST API; then the traffic simulator in the background (20 players) so
// dashboards show live data. The key is printed when it is made and kept in .infra/demo/demo-key.json.
//
//   SERVICE_TOKEN=... node -r ./tools/build/register.js tools/demo/seed.ts
//   env: CORE_URL, INGESTION_URL (defaults from platform.config.json), DEMO_PLAYERS (20), DEMO_RATE (events/s, 10)
import { spawn } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { unwrap } from '@gt/core-client';
import { appPort } from '@gt/service-kit';
import { CoreProvisioning } from './core-api';

const root = path.resolve(__dirname, '../..');
const STATE_FILE = path.join(root, '.infra/demo/demo-key.json');
const APPS_DIR = path.join(root, '.infra/apps');
const DEMO = {
  email: 'demo@example.com',
  name: 'Demo Developer',
  studio: 'Demo Studio',
  game: 'Space Miners',
  client: 'Space Miners (web)',
  keyName: 'Demo key',
};

interface DemoKey {
  key: string;
  keyId: string;
  studioId: string;
  gameId: string;
  gameClientId: string;
}

async function main(): Promise<void> {
  const token = process.env.SERVICE_TOKEN;
  if (!token)
    throw new Error('SERVICE_TOKEN is required (the run command exports it from .infra/secrets.env)');
  const coreUrl = process.env.CORE_URL ?? `http://127.0.0.1:${appPort('core', 3001)}`;
  const ingestionUrl = process.env.INGESTION_URL ?? `http://127.0.0.1:${appPort('ingestion', 3002)}`;
  const provisioning = new CoreProvisioning(coreUrl, token);

  const userId = await provisioning.signIn(DEMO.email, DEMO.name);
  const core = provisioning.as(userId);
  const studios = await unwrap(core.GET('/studios'));
  const studio =
    studios.items.find((s) => s.name === DEMO.studio) ??
    (await unwrap(core.POST('/studios', { body: { name: DEMO.studio } })));
  const studioId = studio.id;
  const games = await unwrap(core.GET('/studios/{studioId}/games', { params: { path: { studioId } } }));
  const game =
    games.items.find((g) => g.name === DEMO.game) ??
    (await unwrap(
      core.POST('/studios/{studioId}/games', { params: { path: { studioId } }, body: { name: DEMO.game } }),
    ));
  const gameId = game.id;
  const clients = await unwrap(
    core.GET('/studios/{studioId}/games/{gameId}/clients', { params: { path: { studioId, gameId } } }),
  );
  const client =
    clients.items.find((c) => c.name === DEMO.client) ??
    (await unwrap(
      core.POST('/studios/{studioId}/games/{gameId}/clients', {
        params: { path: { studioId, gameId } },
        body: { name: DEMO.client, platform: 'web' },
      }),
    ));

  // A key's secret is shown once, so the demo keeps its own copy and reuses it while core still accepts it.
  let demo = readState();
  if (!demo || demo.gameClientId !== client.id || (await provisioning.keyStatus(demo.key)) !== 'active') {
    const created = await provisioning.newKey(core, studioId, gameId, client.id, DEMO.keyName);
    demo = { ...created, studioId, gameId, gameClientId: client.id };
    mkdirSync(path.dirname(STATE_FILE), { recursive: true });
    writeFileSync(STATE_FILE, JSON.stringify(demo, null, 2) + '\n');
    chmodSync(STATE_FILE, 0o600);
    console.log(`[demo] created the demo API key (shown once; kept in ${path.relative(root, STATE_FILE)}):`);
    console.log(`[demo]   ${demo.key}`);
  } else {
    console.log(
      `[demo] reusing the demo API key ${demo.key.slice(0, 12)}... (${path.relative(root, STATE_FILE)})`,
    );
  }
  console.log(
    `[demo] sign in as ${DEMO.email} (development sign-in); studio "${DEMO.studio}", game "${DEMO.game}"`,
  );
  startSimulator(ingestionUrl, demo.key);
}

function readState(): DemoKey | undefined {
  try {
    return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as DemoKey;
  } catch {
    return undefined;
  }
}

/** The simulator in the background, detached; it exits by itself when ingestion's process does. */
function startSimulator(endpoint: string, key: string): void {
  mkdirSync(APPS_DIR, { recursive: true });
  const pidFile = path.join(APPS_DIR, 'simulator.pid');
  const logFile = path.join(APPS_DIR, 'simulator.log');
  if (existsSync(pidFile)) {
    const old = Number(readFileSync(pidFile, 'utf8'));
    try {
      if (old > 0) process.kill(old, 'SIGTERM');
    } catch {
      // already gone
    }
    rmSync(pidFile, { force: true });
  }
  const ingestionPid = Number(readFileOr(path.join(APPS_DIR, 'ingestion.pid'), '0'));
  const players = process.env.DEMO_PLAYERS ?? '20';
  const rate = process.env.DEMO_RATE ?? '10';
  const log = openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    [
      '-r',
      './tools/build/register.js',
      'tools/simulator/src/main.ts',
      '--endpoint',
      endpoint,
      '--players',
      players,
      '--rate',
      rate,
      '--prefix',
      'demo-player',
      ...(ingestionPid > 0 ? ['--follow-pid', String(ingestionPid)] : []),
    ],
    // The key travels in the environment, not on the command line that `ps` shows.
    { cwd: root, detached: true, stdio: ['ignore', log, log], env: { ...process.env, GT_API_KEY: key } },
  );
  closeSync(log);
  child.unref();
  writeFileSync(pidFile, `${child.pid}\n`);
  console.log(
    `[demo] simulator: ${players} players, ~${rate} events/s -> ${endpoint} (pid ${child.pid}, log ${path.relative(root, logFile)})`,
  );
}

function readFileOr(file: string, fallback: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return fallback;
  }
}

main().catch((e: unknown) => {
  console.error(`[demo] seeding failed: ${(e as Error).message}`);
  process.exit(1);
});
