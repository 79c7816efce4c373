// The shared SDK vectors (README.md): first checked against the contract itself (every expected
// event valid, keys in the schema's order, files in sync with their generator), then run against
// the TypeScript SDK with a fake clock, fixed ids and a fetch that answers as each vector says.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EVENT_SCHEMAS, validateEvent, type EventType } from '@gt/contracts';
import {
  TelemetryClient,
  type ErrorSeverity,
  type ProgressionStatus,
  type TelemetryIssue,
  type TelemetryOptions,
} from '@gt/sdk-js';

jest.mock('../../sdk-js/src/ids', () => {
  const actual: Record<string, unknown> = jest.requireActual('../../sdk-js/src/ids');
  return { ...actual, uuidV4: () => nextVectorId() };
});

let vectorIds: string[] = [];
function nextVectorId(): string {
  const id = vectorIds.shift();
  if (id === undefined) throw new Error('the vector ids are used up: the SDK made more ids than expected');
  return id;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
interface Step {
  call?: string;
  refused?: boolean;
  advanceMs?: number;
  expectNoRequest?: boolean;
  request?: {
    method: string;
    url: string;
    headers: Record<string, string>;
    body: string;
    bodyJson: { events: Json[] };
  };
  respond?: { status?: number; headers?: Record<string, string>; body?: string; networkError?: boolean };
  [arg: string]: unknown;
}
interface Vector {
  format: string;
  name: string;
  description: string;
  features: string[];
  config: {
    apiKey: string;
    endpoint: string;
    playerId: string;
    appVersion?: string;
    sdk: { name: string; version: string };
    batchSize: number;
    flushIntervalMs: number;
    retry: { initialDelayMs: number; maxDelayMs: number };
    sessionTimeoutMs: number;
    signingSecret: string | null;
  };
  clock: string;
  ids: string[];
  random: number;
  initRefused?: boolean;
  steps: Step[];
}

const dir = path.join(__dirname, '..', 'vectors');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json') && f !== 'formats.json')
  .sort();
const load = (f: string): Vector => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Vector;

/**
 * Optional behaviours of the vectors (README.md, "Features") the TypeScript SDK has: all of them,
 * as the Unity and Unreal SDKs. A vector needing one that is not listed fails (nothing is skipped).
 */
const SDK_JS_FEATURES: readonly string[] = [
  'haltOnAuth',
  'flushHonoursBackoff',
  'validation',
  'pause',
  'signature',
];

describe('shared vectors, against the contract', () => {
  it('are what tools/generate.mjs writes', () => {
    expect(() =>
      execFileSync(process.execPath, [path.join(__dirname, '..', 'tools', 'generate.mjs'), '--check'], {
        stdio: 'pipe',
      }),
    ).not.toThrow();
  });

  it.each(files)('%s: every expected event is valid event v1 with its keys in the schema order', (file) => {
    const v = load(file);
    expect(v.format).toBe('gt-sdk-vector/1');
    for (const step of v.steps) {
      if (!step.request) continue;
      const parsed = JSON.parse(step.request.body) as { events: Record<string, unknown>[] };
      expect(parsed).toEqual(step.request.bodyJson);
      for (const event of parsed.events) {
        // Ten minutes after the vector's clock start: within ingestion's window for every step.
        const result = validateEvent(event, new Date(Date.parse(v.clock) + 600_000));
        expect(result).toMatchObject({ ok: true });
        const schemaOrder = Object.keys(EVENT_SCHEMAS[event.type as EventType].properties).filter(
          (k) => k in event,
        );
        expect(Object.keys(event)).toEqual(schemaOrder);
      }
    }
  });
});

interface PendingFetch {
  url: string;
  init: RequestInit;
  resolve: (r: Response) => void;
  reject: (e: Error) => void;
  answered: boolean;
}

async function runVector(v: Vector): Promise<void> {
  vectorIds = [...v.ids];
  const pending: PendingFetch[] = [];
  const fetchMock = (url: string | URL | Request, init?: RequestInit): Promise<Response> =>
    new Promise<Response>((resolve, reject) => {
      pending.push({ url: String(url), init: init ?? {}, resolve, reject, answered: false });
    });
  const outstanding = (): PendingFetch | undefined => pending.find((p) => !p.answered);
  const settle = (): Promise<void> => jest.advanceTimersByTimeAsync(0);

  const issues: TelemetryIssue[] = [];
  const options: TelemetryOptions & { sdk: { name: string; version: string } } = {
    apiKey: v.config.apiKey,
    endpoint: v.config.endpoint,
    playerId: v.config.playerId,
    ...(v.config.appVersion !== undefined ? { appVersion: v.config.appVersion } : {}),
    sdk: v.config.sdk,
    batchSize: v.config.batchSize,
    flushIntervalMs: v.config.flushIntervalMs,
    retry: v.config.retry,
    sessionTimeoutMs: v.config.sessionTimeoutMs,
    ...(v.config.signingSecret !== null ? { signingSecret: v.config.signingSecret } : {}),
    storage: 'memory',
    compress: false,
    autoSession: true,
    fetch: fetchMock as typeof fetch,
    now: () => Date.now(),
    random: () => v.random,
    onIssue: (issue) => issues.push(issue),
    // The warnings are checked through onIssue; the test output stays quiet.
    log: () => undefined,
  };
  // A refused init does not throw (a game must not crash over telemetry): the client is disabled.
  const client = new TelemetryClient(options);
  expect({ name: v.name, enabled: client.enabled }).toEqual({ name: v.name, enabled: !v.initRefused });
  if (v.initRefused) expect(issues).toEqual([expect.objectContaining({ kind: 'disabled' })]);
  await settle();

  for (const [i, step] of v.steps.entries()) {
    const where = `${v.name} step ${i}`;
    if (step.call !== undefined) {
      const idsLeft = vectorIds.length;
      const queued = client.stats().queued;
      const invalid = issues.filter((x) => x.kind === 'invalid').length;
      // The SDK never throws at the game, refused calls included.
      const result = call(client, step);
      if (step.refused) {
        // Nothing queued, no id taken, and the refusal reported (and logged).
        expect({ where, result, ids: vectorIds.length, queued: client.stats().queued }).toEqual({
          where,
          result: undefined,
          ids: idsLeft,
          queued,
        });
        expect({ where, invalid: issues.filter((x) => x.kind === 'invalid').length }).toEqual({
          where,
          invalid: invalid + 1,
        });
      } else if (EVENT_CALLS.has(step.call) && client.enabled) {
        expect({ where, id: typeof result }).toEqual({ where, id: 'string' });
      }
      await settle();
    } else if (step.advanceMs !== undefined) {
      await jest.advanceTimersByTimeAsync(step.advanceMs);
    } else if (step.expectNoRequest) {
      expect({ where, body: outstanding()?.init.body }).toEqual({ where, body: undefined });
    } else if (step.request && step.respond) {
      const sent = outstanding();
      expect({ where, sent: sent !== undefined }).toEqual({ where, sent: true });
      if (!sent) return;
      expect(sent.url).toBe(step.request.url);
      expect(sent.init.method).toBe(step.request.method);
      const headers = new Headers(sent.init.headers);
      for (const [name, value] of Object.entries(step.request.headers))
        expect({ where, [name]: headers.get(name) }).toEqual({ where, [name]: value });
      expect(sent.init.body).toBe(step.request.body);
      sent.answered = true;
      if (step.respond.networkError) sent.reject(new TypeError('fetch failed'));
      else
        sent.resolve(
          new Response(step.respond.body ?? '', {
            status: step.respond.status,
            headers: step.respond.headers ?? {},
          }),
        );
      await settle();
    }
  }
  expect(outstanding()?.init.body).toBeUndefined();
  await client.shutdown(0).catch(() => undefined);
}

const EVENT_CALLS = new Set(['track', 'progression', 'purchase', 'error']);

/**
 * Makes the step's call with its arguments as the vector has them: values the SDK's types do not
 * allow (status "won", amount 1.5) are passed as they are, as plain JavaScript would, since the
 * SDK checks them at run time. Returns what an event call returned (its event id, or undefined).
 */
function call(client: TelemetryClient, s: Step): string | undefined {
  const props = s.properties as Record<string, string | number | boolean> | undefined;
  switch (s.call) {
    case 'startSession':
      client.startSession();
      return undefined;
    case 'endSession':
      client.endSession();
      return undefined;
    case 'pause':
      client.pause();
      return undefined;
    case 'resume':
      client.resume();
      return undefined;
    case 'flush':
      void client.flush();
      return undefined;
    case 'track':
      return client.track(s.name as string, s.value as number | undefined, props);
    case 'progression':
      return client.progression(s.status as ProgressionStatus, s.level as string, {
        ...(s.score !== undefined ? { score: s.score as number } : {}),
        ...(s.attempt !== undefined ? { attempt: s.attempt as number } : {}),
        ...(props ? { properties: props } : {}),
      });
    case 'purchase':
      return client.purchase({
        currency: s.currency as string,
        amount: s.amount as number,
        itemId: s.itemId as string,
        ...(s.itemType !== undefined ? { itemType: s.itemType as string } : {}),
        ...(s.transactionId !== undefined ? { transactionId: s.transactionId as string } : {}),
        ...(props ? { properties: props } : {}),
      });
    case 'error':
      return client.error(s.severity as ErrorSeverity, s.message as string, props);
    default:
      throw new Error(`the TypeScript SDK has no call ${String(s.call)}`);
  }
}

describe('shared vectors, run by the TypeScript SDK', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  for (const file of files) {
    const v = load(file);
    const missing = (v.features ?? []).filter((f) => !SDK_JS_FEATURES.includes(f));
    it(`${file}: ${v.description}`, async () => {
      expect({ file, missing }).toEqual({ file, missing: [] });
      jest.setSystemTime(Date.parse(v.clock));
      await runVector(v);
    });
  }
});
