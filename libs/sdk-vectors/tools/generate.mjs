// Writes the shared SDK test vectors (libs/sdk-vectors/vectors/*.json) from the scenarios below.
//
// The expected request bodies are built here with JSON.stringify from event objects written out
// by hand, never by running an SDK: the vectors are an independent statement of the wire format
// and behaviour (README.md), and JSON.stringify is the reference for number and string encoding.
//
//   node libs/sdk-vectors/tools/generate.mjs           rewrite the files
//   node libs/sdk-vectors/tools/generate.mjs --check   exit 1 when a committed file differs
import { createHash, createHmac } from 'node:crypto';
import { readFileSync, writeFileSync, readdirSync, mkdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import * as prettier from 'prettier';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.resolve(here, '../vectors');
const FORMAT = 'gt-sdk-vector/1';

// ---------------------------------------------------------------------------------------------
// Helpers shared by every vector

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
function base62Checksum(text) {
  let n = crc32(Buffer.from(text, 'utf8'));
  let out = '';
  for (let i = 0; i < 6; i++) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out;
}
function makeKey(body) {
  return `gtk_live_${body}_${base62Checksum(`gtk_live_${body}`)}`;
}

const API_KEY = makeKey('VectorKey0123456789abcdefghijklm');
const ENDPOINT = 'https://ingest.example.test';
const EVENTS_URL = `${ENDPOINT}/v1/events`;
const START_ISO = '2026-11-24T10:00:00.000Z';
const START_MS = Date.parse(START_ISO);
const SIGNING_SECRET = 'gtsig_VectorSigningSecret_0123456789';

const BASE_CONFIG = {
  apiKey: API_KEY,
  endpoint: ENDPOINT,
  playerId: 'player-1',
  appVersion: '1.4.2',
  sdk: { name: 'gt-vectors', version: '1.0.0' },
  batchSize: 100,
  flushIntervalMs: 10_000,
  retry: { initialDelayMs: 1_000, maxDelayMs: 60_000 },
  sessionTimeoutMs: 60_000,
  signingSecret: null,
};

/** UUID v4 ids that say which vector and which position they are: easy to read in a diff. */
function idList(vectorNo, count) {
  const ids = [];
  for (let i = 1; i <= count; i++) {
    ids.push(`${vectorNo.toString(16).padStart(8, '0')}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`);
  }
  return ids;
}

const accepted = (n) => ({ status: 202, headers: {}, body: JSON.stringify({ accepted: n, rejected: [] }) });

/**
 * Builds one vector: each method appends a step, and the event-making calls return the event
 * the SDK must produce, so that requests can list their events explicitly.
 */
class Vector {
  constructor(no, name, description, config = {}, features = []) {
    this.no = no;
    this.name = name;
    this.description = description;
    this.features = features;
    this.config = { ...BASE_CONFIG, ...config };
    this.nowMs = START_MS;
    this.idPool = idList(no, 64);
    this.idsUsed = 0;
    this.session = null;
    this.serverSkewS = 0;
    this.steps = [];
    // Unsent events with the time they were queued, to catch a vector that waits past flushIntervalMs
    // by mistake (the SDK would send on its own in the middle of such a wait).
    this.unsent = [];
    this.backingOff = false;
    this.halted = false;
    // The events of a request answered 401 SIGNATURE_EXPIRED with a Date header: the SDK sends
    // them again at once, re-signed (README.md, "Answers"); the next step must be that request.
    this.resendDue = null;
  }
  id() {
    return this.idPool[this.idsUsed++];
  }
  event(type, fields, properties) {
    if (!this.session) this.beginSession(true);
    return this.makeEvent(type, fields, properties);
  }
  makeEvent(type, fields = {}, properties) {
    const e = {
      eventId: this.id(),
      type,
      playerId: this.config.playerId,
      sessionId: this.session.id,
      timestamp: new Date(this.nowMs).toISOString(),
    };
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) e[k] = v;
    if (properties && Object.keys(properties).length > 0) e.properties = properties;
    if (this.config.appVersion !== undefined) e.appVersion = this.config.appVersion;
    if (this.config.sdk) e.sdk = { name: this.config.sdk.name, version: this.config.sdk.version };
    reorder(e);
    this.unsent.push({ event: e, at: this.nowMs });
    return e;
  }
  beginSession() {
    this.session = { id: this.id(), activeMs: 0, resumedAt: this.nowMs, pausedAt: null };
    return this.makeEvent('session_start');
  }
  closeSession(atMs) {
    const s = this.session;
    const active = s.activeMs + (s.pausedAt === null ? atMs - s.resumedAt : 0);
    const saved = this.nowMs;
    this.nowMs = atMs;
    const e = this.makeEvent('session_end', { durationSeconds: Math.round(active / 1000) });
    this.nowMs = saved;
    this.session = null;
    return e;
  }

  // --- calls
  /** Returns [session_start], or [session_end, session_start] when a session was active. */
  startSession() {
    this.steps.push({ call: 'startSession' });
    const end = this.session ? [this.closeSession(this.session.pausedAt ?? this.nowMs)] : [];
    return [...end, this.beginSession()];
  }
  endSession() {
    this.steps.push({ call: 'endSession' });
    if (!this.session) return null;
    return this.closeSession(this.session.pausedAt ?? this.nowMs);
  }
  /** track without a session opens one: returns [session_start, design]. */
  trackOpening(name, value, properties, expectedProperties = properties) {
    this.steps.push(callStep('track', { name, value, properties }));
    const start = this.beginSession();
    return [start, this.makeEvent('design', { name, value }, expectedProperties)];
  }
  track(name, value, properties, expectedProperties = properties) {
    this.steps.push(callStep('track', { name, value, properties }));
    return this.event('design', { name, value }, expectedProperties);
  }
  progression(status, level, score, attempt, properties) {
    this.steps.push(callStep('progression', { status, level, score, attempt, properties }));
    return this.event('progression', { status, level, score, attempt }, properties);
  }
  purchase(currency, amount, itemId, itemType, transactionId, properties) {
    this.steps.push(callStep('purchase', { currency, amount, itemId, itemType, transactionId, properties }));
    return this.event('purchase', { currency, amount, itemId, itemType, transactionId }, properties);
  }
  error(severity, message, properties, expectedMessage = message) {
    this.steps.push(callStep('error', { severity, message, properties }));
    return this.event('error', { severity, message: expectedMessage }, properties);
  }
  refused(call, args) {
    this.steps.push({ ...callStep(call, args), refused: true });
  }
  flush() {
    this.steps.push({ call: 'flush' });
  }
  pause() {
    this.steps.push({ call: 'pause' });
    this.session.pausedAt = this.nowMs;
  }
  /** Returns the events a resume makes: none, or [session_end, session_start] after the timeout. */
  resume() {
    this.steps.push({ call: 'resume' });
    const s = this.session;
    if (this.nowMs - s.pausedAt >= this.config.sessionTimeoutMs) {
      s.activeMs += s.pausedAt - s.resumedAt;
      const end = this.makeEvent('session_end', {}, undefined);
      // session_end is stamped with the moment the player left, not the moment they came back.
      end.timestamp = new Date(s.pausedAt).toISOString();
      end.durationSeconds = Math.round(s.activeMs / 1000);
      reorder(end);
      this.session = null;
      return [end, this.beginSession()];
    }
    s.activeMs += s.pausedAt - s.resumedAt;
    s.resumedAt = this.nowMs;
    s.pausedAt = null;
    return [];
  }
  advance(ms) {
    this.steps.push({ advanceMs: ms });
    const oldest = Math.min(...this.unsent.map((u) => u.at));
    if (
      !this.backingOff &&
      !this.halted &&
      this.unsent.length &&
      this.nowMs + ms > oldest + this.config.flushIntervalMs
    ) {
      throw new Error(`${this.name}: advancing ${ms} ms passes the flush interval with events unsent`);
    }
    this.nowMs += ms;
  }
  noRequest() {
    if (this.resendDue) throw new Error(`${this.name}: the SDK resends at once after SIGNATURE_EXPIRED`);
    this.steps.push({ expectNoRequest: true });
  }
  /**
   * The SDK must now make this request; the harness answers it with `respond`. A `date` header
   * of the answer sets the server's clock for later signatures, as the SDKs learn it.
   */
  request(events, respond) {
    if (this.resendDue && !sameEvents(this.resendDue, events))
      throw new Error(`${this.name}: after SIGNATURE_EXPIRED the same batch is sent again at once`);
    // This request is that resend: a second SIGNATURE_EXPIRED halts.
    const resend = this.resendDue !== null;
    this.resendDue = null;
    const body = JSON.stringify({ events });
    const headers = { 'content-type': 'application/json', 'x-api-key': this.config.apiKey };
    if (this.config.signingSecret) {
      const t = Math.floor(this.nowMs / 1000) + this.serverSkewS;
      const mac = createHmac('sha256', Buffer.from(this.config.signingSecret, 'utf8'))
        .update(Buffer.from(`${t}.`, 'utf8'))
        .update(Buffer.from(body, 'utf8'))
        .digest('hex');
      headers['x-signature'] = `t=${t},v1=${mac}`;
    }
    this.steps.push({
      request: { method: 'POST', url: EVENTS_URL, headers, body, bodyJson: { events } },
      respond,
    });
    const status = respond.networkError ? 0 : respond.status;
    const retryable = status === 0 || status === 408 || status === 429 || status >= 500;
    const final =
      (status >= 200 && status < 300) || status === 400 || (status === 413 && events.length === 1);
    this.backingOff = retryable;
    const date = respond.headers?.date;
    if (date !== undefined) this.learnServerClock(Date.parse(date));
    if (
      status === 401 &&
      codeOf(respond.body) === 'SIGNATURE_EXPIRED' &&
      date !== undefined &&
      this.config.signingSecret &&
      !resend
    ) {
      this.resendDue = events;
    } else if (status === 401 || status === 403 || status === 404) {
      this.halted = true;
    }
    if (final) this.unsent = this.unsent.filter((u) => !events.includes(u.event));
  }
  /** Later signatures use the server's clock (its Date header) instead of the device's. */
  learnServerClock(serverMs) {
    this.serverSkewS = Math.floor(serverMs / 1000) - Math.floor(this.nowMs / 1000);
  }
  toJSON() {
    return {
      format: FORMAT,
      name: this.name,
      description: this.description,
      features: this.features,
      config: this.config,
      clock: START_ISO,
      ids: this.idPool.slice(0, Math.max(this.idsUsed, 1)),
      random: 0.5,
      steps: this.steps,
    };
  }
}

/**
 * Canonical key order of an event: the order of the contract's JSON schema
 * (Object.keys(EVENT_SCHEMAS[type].properties) in libs/contracts): type, the common fields,
 * then the type's own fields. test/sdk-js.vectors.spec.ts checks the vectors against it.
 */
const KEY_ORDER = [
  'type',
  'eventId',
  'playerId',
  'sessionId',
  'timestamp',
  'properties',
  'appVersion',
  'sdk',
  'durationSeconds',
  'name',
  'value',
  'status',
  'level',
  'score',
  'attempt',
  'currency',
  'amount',
  'itemId',
  'itemType',
  'transactionId',
  'severity',
  'message',
];
function reorder(e) {
  const copy = { ...e };
  for (const k of Object.keys(e)) delete e[k];
  for (const k of KEY_ORDER) if (copy[k] !== undefined) e[k] = copy[k];
}

function sameEvents(a, b) {
  return a.length === b.length && a.every((e, i) => e === b[i]);
}

/** The problem-details `code` of an answer's body, if any. */
function codeOf(body) {
  try {
    return JSON.parse(body ?? '')?.code;
  } catch {
    return undefined;
  }
}

/** Ingestion's 401 answer: problem details (RFC 9457) with its `code`. */
function unauthorized(code, detail, headers = {}) {
  return {
    status: 401,
    headers,
    body: JSON.stringify({ type: `urn:gt:error:${code}`, title: 'Unauthorized', status: 401, code, detail }),
  };
}

function callStep(call, args) {
  const step = { call };
  for (const [k, v] of Object.entries(args)) if (v !== undefined) step[k] = v;
  return step;
}

// ---------------------------------------------------------------------------------------------
// The scenarios. Each is numbered; the number is part of its event ids.

const vectors = [];
const add = (v) => vectors.push(v);

{
  const v = new Vector(1, 'session-and-design', 'A session with two design events, ended and flushed.', {
    flushIntervalMs: 120_000,
  });
  const [s] = v.startSession();
  v.advance(1_500);
  const a = v.track('Kill:Sword:Robot', 1, { weapon: 'sword', level: 3, critical: true });
  v.advance(250);
  const b = v.track('Tutorial:Skipped');
  v.advance(88_750);
  // 90.5 s of play: durationSeconds is rounded to whole seconds, half up, as Math.round does.
  const e = v.endSession();
  v.flush();
  v.request([s, a, b, e], accepted(4));
  v.noRequest();
  add(v);
}

{
  const v = new Vector(2, 'every-event-type', 'Each event type with every optional field, and with none.', {
    flushIntervalMs: 60_000,
  });
  const [s] = v.startSession();
  const p1 = v.progression('start', 'world-1');
  v.advance(42_000);
  const p2 = v.progression('complete', 'world-1', 1200.5, 2, { stars: 3 });
  const p3 = v.progression('fail', 'world-2', undefined, 1);
  const b1 = v.purchase('EUR', 499, 'gem-pack-small', 'gems', 'txn-0001', { store: 'google' });
  const b2 = v.purchase('JPY', 0, 'starter-bundle');
  const e1 = v.error('warning', 'Texture streaming budget exceeded');
  const e2 = v.error('critical', 'NullReferenceException at Player.Update', { scene: 'Arena' });
  const d = v.track('Economy:Gold:Spent', -250.75);
  v.flush();
  v.request([s, p1, p2, p3, b1, b2, e1, e2, d], accepted(9));
  v.noRequest();
  add(v);
}

{
  const v = new Vector(
    3,
    'auto-session',
    'An event without a session opens one first: its session_start comes before it.',
  );
  const [s, a] = v.trackOpening('Menu:Opened');
  v.flush();
  v.request([s, a], accepted(2));
  add(v);
}

{
  const v = new Vector(
    4,
    'batch-by-count',
    'A full batch (batchSize) is sent without waiting; flush sends the rest.',
    {
      batchSize: 3,
    },
  );
  const [s] = v.startSession();
  const a = v.track('Step:1');
  const b = v.track('Step:2');
  v.request([s, a, b], accepted(3));
  const c = v.track('Step:3');
  const d = v.track('Step:4');
  v.noRequest();
  const e = v.track('Step:5');
  v.request([c, d, e], accepted(3));
  const f = v.track('Step:6');
  v.noRequest();
  v.flush();
  v.request([f], accepted(1));
  v.noRequest();
  add(v);
}

{
  const v = new Vector(
    5,
    'batch-by-interval',
    'Without flush, queued events are sent flushIntervalMs after the client started and after the last send (a timer every flushIntervalMs and "oldest event waited flushIntervalMs" agree here).',
  );
  const [s] = v.startSession();
  v.advance(4_000);
  const a = v.track('Shop:Opened');
  v.advance(5_999);
  v.noRequest();
  v.advance(1);
  v.request([s, a], accepted(2));
  const b = v.track('Shop:Closed');
  v.advance(9_999);
  v.noRequest();
  v.advance(1);
  v.request([b], accepted(1));
  add(v);
}

{
  const v = new Vector(
    6,
    'retry-after',
    'A 503 with Retry-After: 7 is retried after 7 s (more than the 750 ms backoff), with the same body.',
  );
  const [s] = v.startSession();
  const a = v.track('Boss:Defeated', 3);
  v.flush();
  v.request([s, a], {
    status: 503,
    headers: { 'retry-after': '7' },
    body: JSON.stringify({ code: 'KAFKA_UNAVAILABLE', message: 'try later' }),
  });
  v.advance(6_999);
  v.noRequest();
  v.advance(1);
  v.request([s, a], { status: 429, headers: { 'retry-after': '1' }, body: '{"code":"RATE_LIMITED"}' });
  // Second failure: backoff 2000 ms * (0.5 + 0.5 * random) = 1500 ms, longer than Retry-After 1 s.
  v.advance(1_499);
  v.noRequest();
  v.advance(1);
  v.request([s, a], accepted(2));
  v.noRequest();
  add(v);
}

{
  const v = new Vector(
    7,
    'backoff-network-errors',
    'Network errors and 5xx back off exponentially with jitter (random = 0.5): 750, 1500, 3000 ms; a success resets it.',
  );
  const [s] = v.startSession();
  v.flush();
  v.request([s], { networkError: true });
  v.advance(749);
  v.noRequest();
  v.advance(1);
  v.request([s], { networkError: true });
  v.advance(1_499);
  v.noRequest();
  v.advance(1);
  v.request([s], { status: 500, headers: {}, body: 'Internal Server Error' });
  v.advance(2_999);
  v.noRequest();
  v.advance(1);
  v.request([s], accepted(1));
  const a = v.track('After:Outage');
  v.flush();
  v.request([a], { networkError: true });
  // The success above reset the backoff: the first wait is 750 ms again.
  v.advance(749);
  v.noRequest();
  v.advance(1);
  v.request([a], accepted(1));
  add(v);
}

{
  const v = new Vector(8, 'no-retry-400', 'A 400 drops the batch for good; later events are still sent.');
  const [s] = v.startSession();
  v.flush();
  v.request([s], {
    status: 400,
    headers: {},
    body: JSON.stringify({ code: 'MALFORMED_JSON', message: 'Unexpected token' }),
  });
  v.advance(600_000);
  v.noRequest();
  const a = v.track('Still:Counting');
  v.flush();
  v.request([a], accepted(1));
  add(v);
}

{
  const v = new Vector(
    9,
    'no-retry-401',
    'A 401 stops sending for this SDK instance: nothing is retried, even on flush (the queue is kept for a later start).',
    {},
    ['haltOnAuth'],
  );
  const [s] = v.startSession();
  v.flush();
  v.request([s], {
    status: 401,
    headers: {},
    body: JSON.stringify({ code: 'KEY_REVOKED', message: 'The API key was revoked' }),
  });
  v.advance(600_000);
  v.noRequest();
  v.track('Not:Sent');
  v.flush();
  v.advance(600_000);
  v.noRequest();
  add(v);
}

{
  const v = new Vector(
    10,
    'split-413',
    'A 413 halves the batch; the halves are sent one after the other without waiting.',
  );
  const [s] = v.startSession();
  const a = v.track('A');
  const b = v.track('B');
  const c = v.track('C');
  const d = v.track('D');
  v.flush();
  v.request([s, a, b, c, d], { status: 413, headers: {}, body: '{"code":"PAYLOAD_TOO_LARGE"}' });
  v.request([s, a], accepted(2));
  v.request([b, c], accepted(2));
  v.request([d], accepted(1));
  v.noRequest();
  add(v);
}

{
  const v = new Vector(
    11,
    'drop-413-single',
    'A single event answered 413 is dropped; the next events are sent.',
  );
  const [s] = v.startSession();
  v.flush();
  v.request([s], { status: 413, headers: {}, body: '' });
  v.noRequest();
  const a = v.track('Next');
  v.flush();
  v.request([a], accepted(1));
  add(v);
}

{
  const v = new Vector(12, 'rejected-dropped', 'Events rejected in a 202 are dropped, never resent.');
  const [s] = v.startSession();
  const a = v.track('Good');
  v.flush();
  v.request([s, a], {
    status: 202,
    headers: {},
    body: JSON.stringify({
      accepted: 1,
      rejected: [{ index: 1, code: 'EVENT_TIMESTAMP_OUT_OF_RANGE', message: 'timestamp too old' }],
    }),
  });
  v.advance(600_000);
  v.noRequest();
  add(v);
}

{
  const v = new Vector(
    13,
    'signature',
    'With a signing secret: X-Signature over "<t>.<body>"; a retry is signed again at its own time; a Date header corrects the device clock for t.',
    { signingSecret: SIGNING_SECRET },
    ['signature'],
  );
  const [s] = v.startSession();
  const a = v.purchase('USD', 1999, 'season-pass', 'pass', 'GPA.1234-5678');
  v.flush();
  // The server's clock is 1 hour and 5 s ahead of the device's.
  const serverMs = v.nowMs + 3_605_000;
  v.request([s, a], {
    status: 503,
    headers: { 'retry-after': '2', date: new Date(serverMs).toUTCString() },
    body: '{"code":"CORE_UNAVAILABLE"}',
  });
  v.advance(2_000);
  v.request([s, a], accepted(2));
  add(v);
}

{
  const v = new Vector(14, 'encoding', 'Strings and numbers are encoded exactly as JSON.stringify does.');
  const [s] = v.startSession();
  const a = v.track('Encoding:Numbers', 0.1, {
    tiny: 1.5e-7,
    huge: 1e21,
    big: 123456789012345680000,
    third: 1 / 3,
    negZero: -0,
    negative: -42,
    exp: 2.5e-6,
    small: 0.000001,
    maxSafe: 9007199254740991,
  });
  // -0 is written as 0 by JSON.stringify.
  a.properties.negZero = 0;
  const b = v.error(
    'error',
    'quote " backslash \\ slash / newline \n tab \t bell \u0007 del \u007f é ü 中文 😀 \u2028 end',
    {
      path: 'C:\\Games\\save.dat',
      emoji: '🎮',
    },
  );
  v.flush();
  v.request([s, a, b], accepted(3));
  add(v);
}

{
  const v = new Vector(
    15,
    'sanitize',
    'Invalid property keys and values are dropped, long strings cut to 256 code points, only the first 50 properties kept, long error messages cut to 8192 code points.',
    {},
    ['validation'],
  );
  const [s] = v.startSession();
  const props = {};
  const expected = {};
  props['1bad'] = 'starts with a digit';
  props['has space'] = 'x';
  // A plain assignment would set the prototype; the wire has it as an ordinary key.
  Object.defineProperty(props, '__proto__', {
    value: 'reserved',
    enumerable: true,
    writable: true,
    configurable: true,
  });
  props['k'.repeat(65)] = 'key too long';
  props.nested = { a: 1 };
  props.list = [1, 2];
  props.nothing = null;
  props.long = '€'.repeat(300);
  expected.long = '€'.repeat(256);
  props.astral = '😀'.repeat(257);
  expected.astral = '😀'.repeat(256);
  for (let i = 0; i < 55; i++) {
    props[`p${i}`] = i;
    if (Object.keys(expected).length < 50) expected[`p${i}`] = i;
  }
  const a = v.track('Sanitize:Props', undefined, props, expected);
  const long = 'ab'.repeat(5000);
  const b = v.error('info', long, undefined, long.slice(0, 8192));
  v.flush();
  v.request([s, a, b], accepted(3));
  add(v);
}

{
  const v = new Vector(
    16,
    'refused-calls',
    'Calls whose event would be rejected by ingestion are refused at the call: no event, no id used.',
    {},
    ['validation'],
  );
  const [s] = v.startSession();
  v.refused('track', { name: '' });
  v.refused('track', { name: 'Kill::Robot' });
  v.refused('track', { name: 'A:B:C:D:E:F' });
  v.refused('track', { name: 'has space' });
  v.refused('track', { name: 'x'.repeat(129) });
  v.refused('progression', { status: 'won', level: 'world-1' });
  v.refused('progression', { status: 'start', level: '' });
  v.refused('progression', { status: 'start', level: 'l'.repeat(65) });
  v.refused('progression', { status: 'fail', level: 'world-1', attempt: 0 });
  v.refused('progression', { status: 'fail', level: 'world-1', attempt: 1.5 });
  v.refused('purchase', { currency: 'eur', amount: 100, itemId: 'gem' });
  v.refused('purchase', { currency: 'EURO', amount: 100, itemId: 'gem' });
  v.refused('purchase', { currency: 'EUR', amount: -1, itemId: 'gem' });
  v.refused('purchase', { currency: 'EUR', amount: 1.5, itemId: 'gem' });
  v.refused('purchase', { currency: 'EUR', amount: 100, itemId: '' });
  v.refused('purchase', { currency: 'EUR', amount: 100, itemId: 'i'.repeat(65) });
  v.refused('purchase', { currency: 'EUR', amount: 100, itemId: 'gem', itemType: 't'.repeat(65) });
  v.refused('purchase', { currency: 'EUR', amount: 100, itemId: 'gem', transactionId: 't'.repeat(129) });
  v.refused('error', { severity: 'fatal', message: 'boom' });
  v.refused('error', { severity: 'error', message: '' });
  const a = v.track('Kill:Sword:Robot:Level:Boss');
  v.flush();
  v.request([s, a], accepted(2));
  add(v);
}

{
  const v = new Vector(
    17,
    'pause-resume-short',
    'pause sends what is queued; a resume before sessionTimeoutMs keeps the session, and paused time does not count.',
    { flushIntervalMs: 120_000 },
    ['pause'],
  );
  const [s] = v.startSession();
  v.advance(20_000);
  v.pause();
  v.request([s], accepted(1));
  v.advance(59_999);
  const r = v.resume();
  if (r.length !== 0) throw new Error('vector 17: expected the session to continue');
  v.advance(10_000);
  const e = v.endSession();
  if (e.durationSeconds !== 30) throw new Error(`vector 17: duration ${e.durationSeconds}`);
  v.flush();
  v.request([e], accepted(1));
  add(v);
}

{
  const v = new Vector(
    18,
    'pause-resume-timeout',
    'A resume after sessionTimeoutMs ends the old session (stamped when the pause began) and starts a new one.',
    { flushIntervalMs: 30_000 },
    ['pause'],
  );
  const [s] = v.startSession();
  v.advance(12_345);
  v.pause();
  v.request([s], accepted(1));
  v.advance(60_000);
  const [end, start] = v.resume();
  v.noRequest();
  const a = v.track('Back:Again');
  v.advance(29_999);
  v.noRequest();
  v.advance(1);
  v.request([end, start, a], accepted(3));
  add(v);
}

{
  const bad = `gtk_live_${'x'.repeat(32)}_AAAAAA`;
  const v = new Vector(
    19,
    'init-refused-bad-key',
    'A key with a bad checksum is refused at init: the SDK never sends anything.',
    { apiKey: bad },
    ['validation'],
  );
  v.steps.push({ call: 'startSession' });
  v.steps.push({ call: 'track', name: 'Never:Sent' });
  v.flush();
  v.advance(60_000);
  v.noRequest();
  const json = v.toJSON();
  json.initRefused = true;
  vectors.push({ toJSON: () => json });
}

{
  const v = new Vector(20, 'optional-config-absent', 'Without appVersion in the config, events carry none.', {
    appVersion: undefined,
  });
  delete v.config.appVersion;
  const [s] = v.startSession();
  v.flush();
  v.request([s], accepted(1));
  add(v);
}

{
  const v = new Vector(
    21,
    'flush-honours-backoff',
    'flush() during a retry wait does not send before the wait (and Retry-After) is over: a game calling flush every frame must not hammer a struggling server.',
    {},
    ['flushHonoursBackoff'],
  );
  const [s] = v.startSession();
  v.flush();
  v.request([s], { status: 503, headers: { 'retry-after': '30' }, body: '{"code":"KAFKA_UNAVAILABLE"}' });
  v.advance(10_000);
  v.flush();
  v.noRequest();
  v.advance(19_999);
  v.flush();
  v.noRequest();
  v.advance(1);
  v.request([s], accepted(1));
  add(v);
}

{
  const v = new Vector(
    22,
    'start-session-restarts',
    'startSession while a session is active ends it (session_end) and starts a new one; endSession outside a session does nothing.',
    { flushIntervalMs: 60_000 },
  );
  const [s1] = v.startSession();
  v.advance(5_400);
  const [e1, s2] = v.startSession();
  v.advance(2_600);
  const e2 = v.endSession();
  const none = v.endSession();
  if (none !== null) throw new Error('vector 22: endSession outside a session must do nothing');
  v.flush();
  v.request([s1, e1, s2, e2], accepted(4));
  add(v);
}

const EXPIRED_DETAIL = "X-Signature's t is more than 300 s from the server's time (see the Date header)";
const expired = (serverMs) =>
  unauthorized(
    'SIGNATURE_EXPIRED',
    EXPIRED_DETAIL,
    serverMs === undefined ? {} : { date: httpDate(serverMs) },
  );
function httpDate(ms) {
  return new Date(ms).toUTCString();
}

{
  const v = new Vector(
    23,
    'signature-clock-skew',
    'The device clock is 10 minutes ahead: the first request is answered 401 SIGNATURE_EXPIRED with a Date header, and the same batch is sent again at once, signed with t on the server clock from that Date; the resend takes no backoff step (a 503 after it waits the first step, 750 ms).',
    { signingSecret: SIGNING_SECRET },
    ['signature'],
  );
  const [s] = v.startSession();
  const a = v.track('Level:Loaded', 1);
  v.flush();
  const skewMs = -600_000;
  // Signed with the device's time: 600 s off the server's, more than its 300 s window.
  v.request([s, a], expired(v.nowMs + skewMs));
  // At once, re-signed with t 600 s earlier; no id, no wait.
  v.request([s, a], {
    status: 503,
    headers: { date: httpDate(v.nowMs + skewMs) },
    body: '{"code":"KAFKA_UNAVAILABLE"}',
  });
  v.advance(749);
  v.noRequest();
  v.advance(1);
  v.request([s, a], { ...accepted(2), headers: { date: httpDate(v.nowMs + skewMs) } });
  v.advance(4_250);
  const b = v.track('Level:Done');
  v.flush();
  // The corrected clock holds for later requests.
  v.request([b], accepted(1));
  v.noRequest();
  add(v);
}

{
  const v = new Vector(
    24,
    'signature-expired-twice',
    'A resend after SIGNATURE_EXPIRED that is answered SIGNATURE_EXPIRED again stops sending, as any 401: nothing more is sent, even on flush.',
    { signingSecret: SIGNING_SECRET },
    ['signature', 'haltOnAuth'],
  );
  const [s] = v.startSession();
  v.flush();
  // The device clock is 10 minutes behind the server's.
  v.request([s], expired(v.nowMs + 600_000));
  v.request([s], expired(v.nowMs + 600_000));
  v.advance(600_000);
  v.noRequest();
  v.track('Not:Sent');
  v.flush();
  v.advance(600_000);
  v.noRequest();
  add(v);
}

{
  const v = new Vector(
    25,
    'signature-expired-no-date',
    'SIGNATURE_EXPIRED without a Date header teaches the SDK nothing: it stops sending at once, as any 401.',
    { signingSecret: SIGNING_SECRET },
    ['signature', 'haltOnAuth'],
  );
  const [s] = v.startSession();
  v.flush();
  v.request([s], expired(undefined));
  v.advance(600_000);
  v.noRequest();
  v.track('Not:Sent');
  v.flush();
  v.advance(600_000);
  v.noRequest();
  add(v);
}

// ---------------------------------------------------------------------------------------------
// formats.json: unit-level cases every SDK's encoders must agree on.

function bits(n) {
  const b = Buffer.alloc(8);
  b.writeDoubleBE(n);
  return b.toString('hex');
}
const numbers = [
  0,
  -0,
  1,
  -1,
  0.1,
  0.2 + 0.1,
  1 / 3,
  2 / 3,
  100,
  1200.5,
  -250.75,
  1e21,
  1e20,
  123456789012345680000,
  1.5e-7,
  0.000001,
  1e-7,
  2.5e-6,
  9007199254740991,
  9007199254740993,
  4.35,
  5e-324,
  1.7976931348623157e308,
  123e-20,
  1e300,
  0.5,
  90.5,
  12.345,
  604800,
  3.14159,
  299792458,
  6.02214076e23,
].map((n) => ({ bits: bits(n), value: Object.is(n, -0) ? 0 : n, json: JSON.stringify(n) }));

const timestamps = [
  0, 1, 999, 951782400000, 1795514400000, 1795514400123, 1830297599999, 1835395200000, 4102444800000,
  253402300799999,
].map((ms) => ({ unixMs: ms, iso: new Date(ms).toISOString() }));

const strings = [
  '',
  'plain',
  'quote " and \\ backslash',
  'slash / stays',
  'newline \n return \r tab \t',
  'bell \u0007 nul \u0000',
  'unit separator \u001f',
  'del \u007f stays',
  'é ü ß 中文',
  'emoji 😀 🎮',
  'line sep \u2028 para sep \u2029',
  'backspace \b formfeed \f',
].map((s) => ({ input: s, json: JSON.stringify(s) }));

const codePoints = [
  { input: 'abcdef', max: 3, output: 'abc' },
  { input: 'abc', max: 3, output: 'abc' },
  { input: 'é€😀x', max: 3, output: 'é€😀' },
  { input: '😀😀😀', max: 2, output: '😀😀' },
  { input: '', max: 0, output: '' },
].map((c) => ({ ...c, codePoints: [...c.input].length }));

const hmac = [
  { secret: 'key', message: 'The quick brown fox jumps over the lazy dog' },
  { secret: SIGNING_SECRET, message: '1795514400.{"events":[]}' },
  { secret: 'é-secret', message: '1.😀' },
  { secret: 'k'.repeat(100), message: '' },
].map((c) => ({
  ...c,
  hmacSha256: createHmac('sha256', Buffer.from(c.secret, 'utf8'))
    .update(Buffer.from(c.message, 'utf8'))
    .digest('hex'),
}));

const sha256 = ['', 'abc', 'a'.repeat(1000), 'The quick brown fox jumps over the lazy dog.'].map((s) => ({
  input: s,
  sha256: createHash('sha256').update(Buffer.from(s, 'utf8')).digest('hex'),
}));

const crc = ['', 'a', 'abc', 'gtk_live_VectorKey0123456789abcdefghijklm', '123456789'].map((s) => ({
  input: s,
  crc32: crc32(Buffer.from(s, 'utf8')),
}));

const keys = [
  { key: API_KEY, valid: true },
  { key: makeKey('0'.repeat(32)), valid: true },
  { key: makeKey('ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ'), valid: true },
  { key: `gtk_live_${'x'.repeat(32)}_AAAAAA`, valid: false, code: 'KEY_BAD_CHECKSUM' },
  { key: `gtk_test_${'x'.repeat(32)}_AAAAAA`, valid: false, code: 'KEY_MALFORMED' },
  { key: `gtk_live_${'x'.repeat(31)}_AAAAAA`, valid: false, code: 'KEY_MALFORMED' },
  { key: `gtk_live_${'x'.repeat(32)}_AAAAA`, valid: false, code: 'KEY_MALFORMED' },
  { key: `gtk_live_${'x'.repeat(31)}-_AAAAAA`, valid: false, code: 'KEY_MALFORMED' },
  { key: '', valid: false, code: 'KEY_MALFORMED' },
  { key: ` ${API_KEY}`, valid: false, code: 'KEY_MALFORMED' },
];

// Parsed, not yet capped (the cap, maxRetryAfterMs = 600000 by default, is applied to the delay).
const retryAfter = [
  { header: '7', ms: 7000 },
  { header: '0', ms: 0 },
  { header: ' 12 ', ms: 12000 },
  { header: '1.5', ms: null },
  { header: '-3', ms: null },
  { header: 'soon', ms: null },
  { header: '', ms: null },
  { header: '86400', ms: 86400000 },
  { header: 'Tue, 24 Nov 2026 10:00:07 GMT', ms: 7000 },
  { header: 'Tue, 24 Nov 2026 09:59:00 GMT', ms: 0 },
].map((c) => ({ ...c, nowMs: START_MS }));

const formats = {
  format: 'gt-sdk-formats/1',
  description:
    'Encoder cases: numbers (by IEEE-754 bits) as JSON.stringify writes them, timestamps, string escaping, code-point truncation, SHA-256, HMAC-SHA256, CRC32, API-key checks, Retry-After parsing (seconds or HTTP date, relative to nowMs, before any cap).',
  numbers,
  timestamps,
  strings,
  codePoints,
  sha256,
  hmacSha256: hmac,
  crc32: crc,
  apiKeys: keys,
  retryAfter,
};

// ---------------------------------------------------------------------------------------------

const prettierConfig = (await prettier.resolveConfig(path.join(outDir, 'x.json'))) ?? {};
async function render(value) {
  return prettier.format(JSON.stringify(value), { ...prettierConfig, parser: 'json' });
}

const files = new Map();
for (const v of vectors) {
  const json = v.toJSON();
  const no = parseInt(json.ids[0].slice(0, 8), 16);
  files.set(`${String(no).padStart(3, '0')}-${json.name}.json`, await render(json));
}
files.set('formats.json', await render(formats));

const check = process.argv.includes('--check');
mkdirSync(outDir, { recursive: true });
let differ = 0;
for (const [name, text] of files) {
  const file = path.join(outDir, name);
  if (check) {
    if (!existsSync(file) || readFileSync(file, 'utf8') !== text) {
      console.error(`[sdk-vectors] ${name} differs from the generator's output`);
      differ++;
    }
  } else {
    writeFileSync(file, text);
  }
}
for (const name of readdirSync(outDir)) {
  if (name.endsWith('.json') && !files.has(name)) {
    console.error(`[sdk-vectors] ${name} is not made by the generator`);
    differ++;
  }
}
if (check) {
  console.log(differ ? `[sdk-vectors] ${differ} file(s) out of date` : '[sdk-vectors] vectors up to date');
  process.exit(differ ? 1 : 0);
}
console.log(`[sdk-vectors] wrote ${files.size} files to ${path.relative(process.cwd(), outDir)}`);
