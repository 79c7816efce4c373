// The only class that talks to InfluxDB. It speaks the v1 HTTP API (/write with line protocol,
// /query with InfluxQL), which InfluxDB 1.x, 2.x (compatibility endpoints) and 3.x all serve,
// through @influxdata/influxdb-client's transport. A v2/v3 native implementation would replace
// this class and nothing else.
import {
  HttpError,
  InfluxDB,
  Point,
  RequestTimedOutError,
  type Transport,
} from '@influxdata/influxdb-client';
import { durationLiteral, fqName, ident, msTime, str } from './influxql';
import { InfluxRejectedError, InfluxUnavailableError } from './influx.errors';
import {
  continuousQueries,
  FIELD,
  FIRST_SEEN_SHARDS,
  MEASUREMENT,
  retentionPolicies,
  rollupAllGamesStatement,
  rollupStatement,
  RP,
  TAG,
  TIER_PERIOD_MS,
  type RetentionPolicyName,
  type RetentionSettings,
  type RollupTier,
  type TagKey,
} from './schema';

export interface InfluxSettings {
  url: string;
  database: string;
  username?: string;
  password?: string;
  timeoutMs: number;
  retention: RetentionSettings;
}

/** Where a query reads from: raw events, or a rollup tier. */
export type SourceTier = 'raw' | RollupTier;

export interface BucketSpec {
  ms: number;
  /** IANA zone InfluxDB aligns buckets to (tz() clause). */
  tz: string;
}

export type EventMeasure = 'events' | 'amount' | 'duration';

export interface EventSumSpec {
  game: string;
  tier: SourceTier;
  fromMs: number;
  toMs: number;
  /** Absent: one row per group over the whole range. */
  bucket?: BucketSpec;
  /** Only these event types (all when absent). */
  types?: readonly string[];
  /** Extra tag equality filters, e.g. { name: 'Kill' }. */
  tags?: Partial<Record<TagKey, string>>;
  groupBy: readonly TagKey[];
  measures: readonly EventMeasure[];
}

export interface EventSumRow {
  /** Bucket start (epoch ms); the range start when not bucketed. */
  time: number;
  tags: Partial<Record<TagKey, string>>;
  events: number;
  amount: number;
  durationSum: number;
  durationCount: number;
}

export interface PlayerCountSpec {
  game: string;
  /** raw: distinct players of raw events; hourly/daily: the presence points of that period. */
  tier: SourceTier;
  fromMs: number;
  toMs: number;
  bucket?: BucketSpec;
  /** false only when each point is already one player per bucket (presence tier = bucket size). */
  distinct: boolean;
}

export interface CountRow {
  time: number;
  count: number;
}

export interface LinesToWrite {
  rp: RetentionPolicyName;
  lines: readonly string[];
}

export interface RollupRange {
  tier: RollupTier;
  game: string;
  fromMs: number;
  toMs: number;
}

interface RawSeries {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values?: unknown[][];
}

interface RawStatementResult {
  statement_id: number;
  series?: RawSeries[];
  error?: string;
}

interface RawQueryResponse {
  results?: RawStatementResult[];
  error?: string;
}

const WRITE_CHUNK_LINES = 10_000;
/** Players per lookup statement: bounded, so a statement stays cheap to parse and evaluate. */
const LOOKUP_CHUNK = 250;

export class InfluxRepository {
  private readonly transport: Transport;
  readonly database: string;

  constructor(private readonly settings: InfluxSettings) {
    const headers: Record<string, string> = {};
    if (settings.username !== undefined && settings.password !== undefined) {
      headers.authorization = `Basic ${Buffer.from(`${settings.username}:${settings.password}`).toString('base64')}`;
    }
    this.transport = new InfluxDB({ url: settings.url, timeout: settings.timeoutMs, headers }).transport;
    this.database = settings.database;
  }

  // ------------------------------------------------------------------ schema and health

  /** Answers when InfluxDB is up (GET /ping). */
  async ping(): Promise<void> {
    await this.call('ping', () => this.transport.request('/ping', '', { method: 'GET' }));
  }

  /**
   * Creates the database, the retention policies (or aligns their durations with the settings)
   * and the continuous queries. Safe to run on every boot and from several instances.
   */
  async ensureSchema(): Promise<void> {
    const db = this.database;
    await this.execute([`CREATE DATABASE ${ident(db)}`], { db: false });
    const existing = new Map<string, { duration: string; isDefault: boolean }>();
    const [rps] = await this.execute([`SHOW RETENTION POLICIES ON ${ident(db)}`]);
    for (const row of rowsOf(rps)) {
      existing.set(String(row.values.name), {
        duration: String(row.values.duration),
        isDefault: row.values.default === true,
      });
    }
    const statements: string[] = [];
    for (const rp of retentionPolicies(this.settings.retention)) {
      const verb = existing.has(rp.name) ? 'ALTER' : 'CREATE';
      statements.push(
        `${verb} RETENTION POLICY ${ident(rp.name)} ON ${ident(db)} DURATION ${rp.duration} REPLICATION 1` +
          (verb === 'CREATE' ? ` SHARD DURATION ${rp.shardDuration}` : '') +
          (rp.isDefault ? ' DEFAULT' : ''),
      );
    }
    await this.execute(statements);
    const [cqs] = await this.execute(['SHOW CONTINUOUS QUERIES']);
    const present = new Map<string, string>();
    for (const s of cqs?.series ?? []) {
      if (s.name !== db) continue;
      for (const row of rowsOf({ statement_id: 0, series: [s] }))
        present.set(String(row.values.name), String(row.values.query));
    }
    for (const cq of continuousQueries(db)) {
      // InfluxDB cannot alter a continuous query: drop and create when the definition changed.
      const current = present.get(cq.name);
      if (current !== undefined && normaliseCq(current) === normaliseCq(cq.statement)) continue;
      const stmts = current === undefined ? [] : [`DROP CONTINUOUS QUERY ${ident(cq.name)} ON ${ident(db)}`];
      await this.execute([...stmts, cq.statement]);
    }
  }

  /** For tests and benchmarks: removes the whole database. */
  async dropDatabase(): Promise<void> {
    await this.execute([`DROP DATABASE ${ident(this.database)}`], { db: false });
  }

  // ------------------------------------------------------------------ writes

  /** Writes line protocol (nanosecond timestamps) into retention policies, in chunks. */
  async write(batches: readonly LinesToWrite[]): Promise<void> {
    for (const { rp, lines } of batches) {
      for (let i = 0; i < lines.length; i += WRITE_CHUNK_LINES) {
        const body = lines.slice(i, i + WRITE_CHUNK_LINES).join('\n');
        const path = `/write?db=${encodeURIComponent(this.database)}&rp=${encodeURIComponent(rp)}&precision=ns`;
        await this.call('write', () =>
          this.transport.request(path, body, {
            method: 'POST',
            headers: { 'content-type': 'text/plain; charset=utf-8' },
          }),
        );
      }
    }
  }

  /** Recomputes rollups (RollupRefresher): hourly ranges first, then daily, in one request. */
  async refreshRollups(ranges: readonly RollupRange[]): Promise<void> {
    if (ranges.length === 0) return;
    const order: Record<RollupTier, number> = { hourly: 0, daily: 1 };
    const sorted = [...ranges].sort((a, b) => order[a.tier] - order[b.tier]);
    await this.execute(sorted.map((r) => rollupStatement(this.database, r.tier, r.game, r.fromMs, r.toMs)));
  }

  /** Remembers periods to recompute (one point per tier, game and period start). */
  async markRollupsPending(ranges: readonly RollupRange[]): Promise<void> {
    const lines: string[] = [];
    for (const r of ranges) {
      for (let t = r.fromMs; t < r.toMs; t += TIER_PERIOD_MS[r.tier]) {
        lines.push(
          line(
            new Point(MEASUREMENT.rollupsPending)
              .tag(TAG.tier, r.tier)
              .tag(TAG.game, r.game)
              .booleanField(FIELD.pending, true)
              .timestamp(`${t}000000`),
          ),
        );
      }
    }
    if (lines.length > 0) await this.write([{ rp: RP.forever, lines }]);
  }

  /** Every period still marked pending, one range per period. */
  async pendingRollups(): Promise<RollupRange[]> {
    const [result] = await this.execute([
      `SELECT ${ident(FIELD.pending)}, ${ident(TAG.tier)}, ${ident(TAG.game)} FROM ${fqName(this.database, RP.forever, MEASUREMENT.rollupsPending)}`,
    ]);
    const out: RollupRange[] = [];
    for (const row of rowsOf(result)) {
      const tier = row.values[TAG.tier];
      const game = row.values[TAG.game];
      const time = Number(row.values.time);
      if ((tier !== 'hourly' && tier !== 'daily') || typeof game !== 'string') continue;
      out.push({ tier, game, fromMs: time, toMs: time + TIER_PERIOD_MS[tier] });
    }
    return out;
  }

  /** Unmarks periods once recomputed. */
  async clearPendingRollups(ranges: readonly RollupRange[]): Promise<void> {
    if (ranges.length === 0) return;
    await this.execute(
      ranges.map(
        (r) =>
          `DELETE FROM ${ident(MEASUREMENT.rollupsPending)} WHERE ${ident(TAG.tier)} = ${str(r.tier)} AND ${ident(TAG.game)} = ${str(r.game)} AND ${timeRange(r.fromMs, r.toMs)}`,
      ),
    );
  }

  /** Recomputes every game's rollups over a range: after a restart, for periods the CQs may have missed. */
  async catchUpRollups(tier: RollupTier, fromMs: number, toMs: number): Promise<void> {
    await this.execute([rollupAllGamesStatement(this.database, tier, fromMs, toMs)]);
  }

  // ------------------------------------------------------------------ first seen

  /**
   * First-seen timestamps (nanoseconds) of players of a game; a player with several points (a
   * crash between moving a point and deleting the old one) has them all, oldest first.
   */
  async findFirstSeen(
    game: string,
    players: readonly string[],
    shardOf: (player: string) => string,
  ): Promise<Map<string, bigint[]>> {
    // One statement per chunk of players, restricted to the shards they fall in: a handful of
    // players reads a few shards of the game's points; hundreds read each point once.
    const unique = [...new Set(players)];
    const statements: string[] = [];
    const from = fqName(this.database, RP.forever, MEASUREMENT.firstSeen);
    for (let i = 0; i < unique.length; i += LOOKUP_CHUNK) {
      const chunk = unique.slice(i, i + LOOKUP_CHUNK);
      const shards = [...new Set(chunk.map(shardOf))].sort();
      const shardFilter =
        shards.length >= FIRST_SEEN_SHARDS
          ? ''
          : ` AND (${shards.map((x) => `${ident(TAG.shard)} = ${str(x)}`).join(' OR ')})`;
      const ors = chunk.map((p) => `${ident(FIELD.player)} = ${str(p)}`).join(' OR ');
      statements.push(
        `SELECT ${ident(FIELD.player)} FROM ${from} WHERE ${ident(TAG.game)} = ${str(game)}${shardFilter} AND (${ors})`,
      );
    }
    if (statements.length === 0) return new Map();
    // RFC 3339 times: epoch=ns would come back as JSON numbers, which lose nanoseconds.
    return playerTimes(await this.execute(statements, { epoch: 'rfc3339' }));
  }

  /**
   * Every first-seen point of a game, or undefined when the game has more than `max` players (the
   * caller then looks players up one batch at a time instead).
   */
  async allFirstSeen(game: string, max: number): Promise<Map<string, bigint[]> | undefined> {
    const from = fqName(this.database, RP.forever, MEASUREMENT.firstSeen);
    const where = `WHERE ${ident(TAG.game)} = ${str(game)}`;
    const [counted] = await this.execute([
      `SELECT count(${ident(FIELD.player)}) AS "count" FROM ${from} ${where}`,
    ]);
    if ((countRows(counted)[0]?.count ?? 0) > max) return undefined;
    const [result] = await this.execute([`SELECT ${ident(FIELD.player)} FROM ${from} ${where}`], {
      epoch: 'rfc3339',
    });
    return playerTimes([result]);
  }

  /** Deletes first-seen points by exact time (one statement each: DELETE cannot OR times). */
  async deleteFirstSeen(points: readonly { game: string; shard: string; timeNs: bigint }[]): Promise<void> {
    if (points.length === 0) return;
    await this.execute(
      points.map(
        (p) =>
          `DELETE FROM ${ident(MEASUREMENT.firstSeen)} WHERE ${ident(TAG.game)} = ${str(p.game)} AND ${ident(TAG.shard)} = ${str(p.shard)} AND time = ${p.timeNs.toString()}`,
      ),
    );
  }

  // ------------------------------------------------------------------ reads

  /** Sums over events (raw) or their rollups; one answer per spec, in one request. */
  async sumEvents(specs: readonly EventSumSpec[]): Promise<EventSumRow[][]> {
    if (specs.length === 0) return [];
    const results = await this.execute(specs.map((s) => this.eventSumStatement(s)));
    return results.map((result) =>
      rowsOf(result).map((row) => ({
        time: Number(row.values.time),
        tags: row.tags,
        events: num(row.values[FIELD.events]),
        amount: num(row.values[FIELD.amount]),
        durationSum: num(row.values[FIELD.durationSum]),
        durationCount: num(row.values[FIELD.durationCount]),
      })),
    );
  }

  /** Players per bucket (or over the range): distinct players of raw events, or presence points. */
  async countPlayers(specs: readonly PlayerCountSpec[]): Promise<CountRow[][]> {
    if (specs.length === 0) return [];
    const results = await this.execute(
      specs.map((s) => {
        const from =
          s.tier === 'raw'
            ? fqName(this.database, RP.raw, MEASUREMENT.events)
            : s.tier === 'hourly'
              ? fqName(this.database, RP.hourly, MEASUREMENT.players1h)
              : fqName(this.database, RP.daily, MEASUREMENT.players1d);
        const agg = s.distinct ? `count(distinct(${ident(FIELD.player)}))` : `count(${ident(FIELD.player)})`;
        return `SELECT ${agg} AS "count" FROM ${from} WHERE ${ident(TAG.game)} = ${str(s.game)} AND ${timeRange(s.fromMs, s.toMs)}${groupByClause(s.bucket, [])}`;
      }),
    );
    return results.map(countRows);
  }

  /** Players whose first event falls in each bucket (or in the range). */
  async countNewPlayers(spec: {
    game: string;
    fromMs: number;
    toMs: number;
    bucket?: BucketSpec;
  }): Promise<CountRow[]> {
    const from = fqName(this.database, RP.forever, MEASUREMENT.firstSeen);
    const [result] = await this.execute([
      `SELECT count(${ident(FIELD.player)}) AS "count" FROM ${from} WHERE ${ident(TAG.game)} = ${str(spec.game)} AND ${timeRange(spec.fromMs, spec.toMs)}${groupByClause(spec.bucket, [])}`,
    ]);
    return countRows(result);
  }

  /** Every player the game ever had. */
  async countAllPlayers(game: string): Promise<number> {
    const from = fqName(this.database, RP.forever, MEASUREMENT.firstSeen);
    const [result] = await this.execute([
      `SELECT count(${ident(FIELD.player)}) AS "count" FROM ${from} WHERE ${ident(TAG.game)} = ${str(game)}`,
    ]);
    return countRows(result)[0]?.count ?? 0;
  }

  private eventSumStatement(s: EventSumSpec): string {
    const raw = s.tier === 'raw';
    const from =
      s.tier === 'raw'
        ? fqName(this.database, RP.raw, MEASUREMENT.events)
        : s.tier === 'hourly'
          ? fqName(this.database, RP.hourly, MEASUREMENT.events1h)
          : fqName(this.database, RP.daily, MEASUREMENT.events1d);
    const select: string[] = [];
    for (const m of s.measures) {
      switch (m) {
        case 'events':
          // Every event has a player, so counting that field counts events.
          select.push(
            raw
              ? `count(${ident(FIELD.player)}) AS ${ident(FIELD.events)}`
              : `sum(${ident(FIELD.events)}) AS ${ident(FIELD.events)}`,
          );
          break;
        case 'amount':
          select.push(`sum(${ident(FIELD.amount)}) AS ${ident(FIELD.amount)}`);
          break;
        case 'duration':
          select.push(
            raw
              ? `sum(${ident(FIELD.duration)}) AS ${ident(FIELD.durationSum)}, count(${ident(FIELD.duration)}) AS ${ident(FIELD.durationCount)}`
              : `sum(${ident(FIELD.durationSum)}) AS ${ident(FIELD.durationSum)}, sum(${ident(FIELD.durationCount)}) AS ${ident(FIELD.durationCount)}`,
          );
          break;
      }
    }
    const where = [`${ident(TAG.game)} = ${str(s.game)}`];
    if (s.types && s.types.length > 0) {
      where.push(`(${s.types.map((t) => `${ident(TAG.type)} = ${str(t)}`).join(' OR ')})`);
    }
    for (const [k, v] of Object.entries(s.tags ?? {})) {
      if (v !== undefined) where.push(`${ident(k)} = ${str(v)}`);
    }
    where.push(timeRange(s.fromMs, s.toMs));
    return `SELECT ${select.join(', ')} FROM ${from} WHERE ${where.join(' AND ')}${groupByClause(s.bucket, s.groupBy)}`;
  }

  // ------------------------------------------------------------------ transport

  private async execute(
    statements: readonly string[],
    opts: { db?: boolean; epoch?: 'ms' | 'rfc3339' } = {},
  ): Promise<RawStatementResult[]> {
    const params = new URLSearchParams();
    if (opts.db !== false) params.set('db', this.database);
    if ((opts.epoch ?? 'ms') === 'ms') params.set('epoch', 'ms');
    const body = new URLSearchParams({ q: statements.join(';\n') }).toString();
    // The transport's iterator, not request(): request() grows its buffer chunk by chunk, which is
    // quadratic for the large answers of a first-seen snapshot.
    const response = await this.call('query', async () => {
      const chunks: Uint8Array[] = [];
      for await (const chunk of this.transport.iterate(`/query?${params.toString()}`, body, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      })) {
        chunks.push(chunk);
      }
      const text = Buffer.concat(chunks).toString('utf8');
      return (text ? JSON.parse(text) : undefined) as RawQueryResponse | undefined;
    });
    if (response?.error) throw new InfluxRejectedError(`InfluxDB refused the query: ${response.error}`, 400);
    const results = response?.results ?? [];
    for (const r of results) {
      if (r.error)
        throw new InfluxRejectedError(`InfluxDB refused statement ${r.statement_id}: ${r.error}`, 400);
    }
    return results;
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw classify(err, what);
    }
  }
}

function classify(err: unknown, what: string): Error {
  if (err instanceof InfluxRejectedError || err instanceof InfluxUnavailableError) return err;
  if (err instanceof HttpError) {
    const detail = influxErrorText(err);
    // 404 "database not found" on a write: the database was dropped under us; a retry after
    // ensureSchema can succeed, so it is an outage, not a refusal of the data.
    if (err.statusCode >= 500 || err.statusCode === 404 || err.statusCode === 429) {
      return new InfluxUnavailableError(`InfluxDB ${what} failed (${err.statusCode}): ${detail}`, {
        cause: err,
      });
    }
    if (err.statusCode === 401 || err.statusCode === 403) {
      return new InfluxUnavailableError(`InfluxDB ${what} not authorised (${err.statusCode}): ${detail}`, {
        cause: err,
      });
    }
    return new InfluxRejectedError(
      `InfluxDB refused the ${what} (${err.statusCode}): ${detail}`,
      err.statusCode,
      { cause: err },
    );
  }
  if (err instanceof RequestTimedOutError) {
    return new InfluxUnavailableError(`InfluxDB ${what} timed out`, { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new InfluxUnavailableError(`InfluxDB ${what} failed: ${message}`, { cause: err });
}

function influxErrorText(err: HttpError): string {
  const body = err.body ?? '';
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
  } catch {
    /* not JSON */
  }
  return body.slice(0, 500) || err.message;
}

interface Row {
  tags: Record<string, string>;
  values: Record<string, unknown>;
}

function rowsOf(result: RawStatementResult | undefined): Row[] {
  const out: Row[] = [];
  for (const s of result?.series ?? []) {
    for (const v of s.values ?? []) {
      const values: Record<string, unknown> = {};
      s.columns.forEach((c, i) => (values[c] = v[i]));
      out.push({ tags: s.tags ?? {}, values });
    }
  }
  return out;
}

/** player -> first-seen times (ns) from `SELECT player` answers with RFC 3339 times. */
function playerTimes(results: readonly (RawStatementResult | undefined)[]): Map<string, bigint[]> {
  const found = new Map<string, bigint[]>();
  for (const result of results) {
    for (const row of rowsOf(result)) {
      const player = String(row.values[FIELD.player]);
      const ns = rfc3339ToNs(String(row.values.time));
      const list = found.get(player);
      if (list) list.push(ns);
      else found.set(player, [ns]);
    }
  }
  return found;
}

function countRows(result: RawStatementResult | undefined): CountRow[] {
  return rowsOf(result).map((row) => ({ time: Number(row.values.time), count: num(row.values.count) }));
}

function line(p: Point): string {
  const text = p.toLineProtocol();
  if (text === undefined) throw new Error(`point without fields: ${p.toString()}`);
  return text;
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

function timeRange(fromMs: number, toMs: number): string {
  return `time >= ${msTime(fromMs)} AND time < ${msTime(toMs)}`;
}

function groupByClause(bucket: BucketSpec | undefined, tags: readonly TagKey[]): string {
  const keys = tags.map(ident);
  if (bucket === undefined) return keys.length > 0 ? ` GROUP BY ${keys.join(', ')}` : '';
  const by = [`time(${durationLiteral(bucket.ms)})`, ...keys].join(', ');
  return ` GROUP BY ${by} fill(none) tz(${str(bucket.tz)})`;
}

/** 2026-11-24T10:00:00.000000012Z -> nanoseconds since the epoch. */
export function rfc3339ToNs(text: string): bigint {
  const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/.exec(text);
  if (m === null) throw new Error(`unexpected InfluxDB time: ${text}`);
  const seconds = BigInt(Date.parse(`${m[1]}Z`)) / 1000n;
  const fraction = BigInt((m[2] ?? '').padEnd(9, '0'));
  return seconds * 1_000_000_000n + fraction;
}

/** SHOW CONTINUOUS QUERIES prints names unquoted; compare without quotes and spacing. */
function normaliseCq(statement: string): string {
  return statement.replace(/"/g, '').replace(/\s+/g, ' ').trim();
}
