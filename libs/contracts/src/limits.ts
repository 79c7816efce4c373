// Every limit of the event model in one place. The JSON Schema, the validator, the docs
// (docs/events.md) and the SDKs all read these numbers; change them here and nowhere else.

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export const EVENT_LIMITS = {
  /** playerId and sessionId, in characters (Unicode code points). */
  idMaxLength: 128,
  /** A client clock may run ahead of the server by at most this much. */
  maxFutureSkewMs: 10 * MINUTE_MS,
  /** Events older than this (offline play, retries) are refused: metrics are not rewritten that far back. */
  maxPastAgeMs: 30 * DAY_MS,
  maxProperties: 50,
  /** 1 to 64 characters; starts with a letter or underscore. */
  propertyKeyPattern: '^[A-Za-z_][A-Za-z0-9_.-]{0,63}$',
  propertyStringMaxLength: 256,
  appVersionMaxLength: 32,
  sdkNameMaxLength: 32,
  sdkVersionMaxLength: 32,
  /** session_end.durationSeconds: 7 days. */
  maxSessionDurationSeconds: 7 * 24 * 60 * 60,
  designNameMaxLength: 128,
  /** 1 to 5 colon-separated parts, e.g. Kill:Sword:Robot. */
  designNamePattern: '^[A-Za-z0-9_.-]+(?::[A-Za-z0-9_.-]+){0,4}$',
  progressionLevelMaxLength: 64,
  purchaseItemIdMaxLength: 64,
  purchaseItemTypeMaxLength: 64,
  purchaseTransactionIdMaxLength: 128,
  /** Minor units stay exact integers in JavaScript and in InfluxDB sums up to this. */
  purchaseMaxAmount: Number.MAX_SAFE_INTEGER,
  errorMessageMaxLength: 8192,
  /** UTF-8 bytes of the event as compact JSON (JSON.stringify without spacing). */
  maxEventBytes: 16 * 1024,
} as const;

/** At most this many events in one POST /v1/events. */
export const MAX_EVENTS_PER_REQUEST = 500;
/** At most this many bytes in one POST /v1/events body (1 MiB). */
export const MAX_REQUEST_BYTES = 1024 * 1024;
