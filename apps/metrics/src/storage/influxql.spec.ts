import { durationLiteral, fqName, ident, msTime, str } from './influxql';
import { continuousQueries, retentionPolicies, rollupStatement } from './schema';

describe('InfluxQL quoting', () => {
  it('quotes identifiers and strings so that values cannot break out', () => {
    expect(ident('a"b')).toBe('"a\\"b"');
    expect(str("it's")).toBe("'it\\'s'");
    expect(str("x\\' OR 1=1 --")).toBe("'x\\\\\\' OR 1=1 --'");
    expect(fqName('db', 'raw', 'events')).toBe('"db"."raw"."events"');
  });

  it('writes times and durations InfluxQL reads', () => {
    expect(msTime(1795514400000)).toBe('1795514400000ms');
    expect(() => msTime(1.5)).toThrow(RangeError);
    expect(durationLiteral(60_000)).toBe('1m');
    expect(durationLiteral(900_000)).toBe('15m');
    expect(durationLiteral(21_600_000)).toBe('6h');
    expect(durationLiteral(86_400_000)).toBe('1d');
    expect(() => durationLiteral(1000)).toThrow(RangeError);
  });
});

describe('schema', () => {
  it('makes raw the default retention policy and keeps daily rollups forever by default', () => {
    expect(retentionPolicies({ rawDays: 35, hourlyDays: 400, dailyDays: 0 })).toEqual([
      { name: 'raw', duration: '35d', shardDuration: '1d', isDefault: true },
      { name: 'hourly', duration: '400d', shardDuration: '7d', isDefault: false },
      { name: 'daily', duration: 'INF', shardDuration: '30d', isDefault: false },
      { name: 'forever', duration: 'INF', shardDuration: '30d', isDefault: false },
    ]);
  });

  it('rolls a game up over whole periods only', () => {
    const h = Date.parse('2026-11-24T10:00:00Z');
    expect(rollupStatement('db', 'hourly', "g'1", h, h + 7_200_000)).toBe(
      'SELECT count("player") AS "events", sum("amount") AS "amount", sum("duration") AS "duration_sum", ' +
        'count("duration") AS "duration_count" INTO "db"."hourly"."events_1h" FROM "db"."raw"."events" ' +
        `WHERE "game" = 'g\\'1' AND time >= ${h}ms AND time < ${h + 7_200_000}ms GROUP BY time(1h), * fill(none)`,
    );
    expect(() => rollupStatement('db', 'daily', 'g', h, h + 86_400_000)).toThrow(RangeError);
  });

  it('declares the continuous queries with their resample windows', () => {
    const cqs = continuousQueries('db');
    expect(cqs.map((c) => c.name)).toEqual(['cq_events_1h', 'cq_events_1d']);
    expect(cqs[0]!.statement).toMatch(
      /RESAMPLE EVERY 5m FOR 3h BEGIN SELECT .* INTO "db"."hourly"."events_1h" FROM "db"."raw"."events" GROUP BY time\(1h\), \* END$/,
    );
    expect(cqs[1]!.statement).toMatch(
      /RESAMPLE EVERY 1h FOR 2d BEGIN SELECT sum\("events"\).* FROM "db"."hourly"."events_1h" GROUP BY time\(1d\), \* END$/,
    );
  });
});
