// Quoting for InfluxQL. Every name and value that reaches a statement goes through these, so a
// tag value such as `it's` or a hostile game id can never change the meaning of a query.

/** A double-quoted identifier (database, retention policy, measurement, tag or field key). */
export function ident(name: string): string {
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A single-quoted string literal, e.g. a tag value in WHERE. */
export function str(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** An absolute time in epoch milliseconds, as InfluxQL reads it in WHERE time >= ... */
export function msTime(ms: number): string {
  if (!Number.isSafeInteger(ms)) throw new RangeError(`time must be an integer of milliseconds, got ${ms}`);
  return `${ms}ms`;
}

/** `"db"."rp"."measurement"` */
export function fqName(database: string, retentionPolicy: string, measurement: string): string {
  return `${ident(database)}.${ident(retentionPolicy)}.${ident(measurement)}`;
}

/** A duration literal InfluxQL accepts in GROUP BY time(...), in whole minutes, hours or days. */
export function durationLiteral(ms: number): string {
  const MINUTE = 60_000;
  if (!Number.isSafeInteger(ms) || ms <= 0 || ms % MINUTE !== 0) {
    throw new RangeError(`duration must be a positive whole number of minutes, got ${ms} ms`);
  }
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  return `${ms / MINUTE}m`;
}
