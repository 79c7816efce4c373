// What ingestion would reject, checked at the call (libs/sdk-vectors/README.md, "Validation"):
// a refused call queues nothing and uses no id, so a typo in an event name costs a warning on the
// developer's console instead of a batch the server answers with `rejected`. Properties are
// cleaned rather than refused: one bad property should not lose the event.
//
// The numbers and patterns are the contract's own (libs/contracts). Only its dependency-free
// modules are imported, by path: the package entry would bring ajv into a game's bundle
// (validation.spec.ts checks that these modules stay import-free).
import { EVENT_LIMITS as L } from '../../contracts/src/limits';
import { ERROR_SEVERITIES, PROGRESSION_STATUSES } from '../../contracts/src/event.types';
import { EVENT_SCHEMAS } from '../../contracts/src/event.schema';
import { checkApiKey, type ApiKeyProblem } from './api-key';
import { codePointLength, truncateCodePoints } from './text';
import type { EventCall, Properties, PropertyValue, TelemetryOptions } from './types';

export { EVENT_LIMITS } from '../../contracts/src/limits';

const DESIGN_NAME = new RegExp(L.designNamePattern);
const PROPERTY_KEY = new RegExp(L.propertyKeyPattern);
const CURRENCY = new RegExp(EVENT_SCHEMAS.purchase.properties.currency.pattern);

/** A value as it appears in a message: strings quoted and shortened. */
function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'object' && v !== null) return Array.isArray(v) ? 'an array' : 'an object';
  return String(v);
}

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
/** null is taken as "not given", as undefined: both are what JavaScript callers write for "none". */
const given = (v: unknown): boolean => v !== undefined && v !== null;

function requiredText(v: unknown, max: number, what: string): string | undefined {
  if (typeof v !== 'string' || v.length === 0 || codePointLength(v) > max)
    return `${what} ${show(v)} must be 1 to ${max} characters`;
  return undefined;
}

function optionalText(v: unknown, max: number, what: string): string | undefined {
  if (given(v) && (typeof v !== 'string' || codePointLength(v) > max))
    return `${what} ${show(v)} must be a string of at most ${max} characters`;
  return undefined;
}

function finiteOrAbsent(v: unknown, what: string): string | undefined {
  return given(v) && !isFiniteNumber(v) ? `${what} ${show(v)} must be a finite number` : undefined;
}

/** Why track(name, value) would be rejected, or undefined. */
export function designProblem(name: unknown, value: unknown): string | undefined {
  // The pattern is ASCII only, so its length in characters is its length in code points.
  if (typeof name !== 'string' || name.length > L.designNameMaxLength || !DESIGN_NAME.test(name))
    return `track: name ${show(name)} must be 1 to 5 parts of A-Z a-z 0-9 _ . - joined by ':', at most ${L.designNameMaxLength} characters`;
  return finiteOrAbsent(value, 'track: value');
}

export function progressionProblem(
  status: unknown,
  level: unknown,
  score: unknown,
  attempt: unknown,
): string | undefined {
  if (!(PROGRESSION_STATUSES as readonly unknown[]).includes(status))
    return `progression: status ${show(status)} must be one of ${PROGRESSION_STATUSES.join(', ')}`;
  return (
    requiredText(level, L.progressionLevelMaxLength, 'progression: level') ??
    finiteOrAbsent(score, 'progression: score') ??
    (given(attempt) && !(Number.isInteger(attempt) && (attempt as number) >= 1)
      ? `progression: attempt ${show(attempt)} must be a whole number from 1`
      : undefined)
  );
}

export function purchaseProblem(d: {
  currency?: unknown;
  amount?: unknown;
  itemId?: unknown;
  itemType?: unknown;
  transactionId?: unknown;
}): string | undefined {
  if (typeof d.currency !== 'string' || !CURRENCY.test(d.currency))
    return `purchase: currency ${show(d.currency)} must be an ISO 4217 code in capitals, e.g. EUR`;
  const amount = d.amount;
  if (!Number.isInteger(amount) || (amount as number) < 0 || (amount as number) > L.purchaseMaxAmount)
    return `purchase: amount ${show(amount)} must be a whole number of minor units (cents) from 0 to 2^53-1`;
  return (
    requiredText(d.itemId, L.purchaseItemIdMaxLength, 'purchase: itemId') ??
    optionalText(d.itemType, L.purchaseItemTypeMaxLength, 'purchase: itemType') ??
    optionalText(d.transactionId, L.purchaseTransactionIdMaxLength, 'purchase: transactionId')
  );
}

export function errorProblem(severity: unknown, message: unknown): string | undefined {
  if (!(ERROR_SEVERITIES as readonly unknown[]).includes(severity))
    return `error: severity ${show(severity)} must be one of ${ERROR_SEVERITIES.join(', ')}`;
  // Too long is cut (cutMessage), not refused: a long stack trace is still worth its first 8 KiB.
  if (typeof message !== 'string' || message.length === 0)
    return `error: message ${show(message)} must be a non-empty string`;
  return undefined;
}

export const cutMessage = (message: string): string => truncateCodePoints(message, L.errorMessageMaxLength);

/**
 * The properties ingestion accepts, in the game's order: keys matching the contract's pattern
 * (never `__proto__`), values that are strings (cut to 256 code points), booleans or finite
 * numbers, at most 50. What was dropped is listed in `problems`; undefined values are left out
 * silently, as JSON.stringify would.
 */
export function cleanProperties(
  input: unknown,
  call: EventCall,
): { properties: Properties | undefined; problems: string[] } {
  const problems: string[] = [];
  if (!given(input)) return { properties: undefined, problems };
  if (typeof input !== 'object' || Array.isArray(input)) {
    problems.push(
      `${call}: properties must be an object of strings, numbers and booleans; got ${show(input)}`,
    );
    return { properties: undefined, problems };
  }
  const source = input as Record<string, unknown>;
  const out: Properties = {};
  let kept = 0;
  for (const key of Object.keys(source)) {
    const raw = source[key];
    if (raw === undefined) continue;
    if (!PROPERTY_KEY.test(key) || key === '__proto__') {
      problems.push(
        `${call}: property ${show(key)} dropped: keys are 1 to 64 of A-Z a-z 0-9 _ . - starting with a letter or _`,
      );
      continue;
    }
    let value: PropertyValue;
    if (typeof raw === 'string') value = truncateCodePoints(raw, L.propertyStringMaxLength);
    else if (typeof raw === 'boolean' || isFiniteNumber(raw)) value = raw;
    else {
      problems.push(
        `${call}: property ${show(key)} dropped: ${show(raw)} is not a string, boolean or finite number`,
      );
      continue;
    }
    if (kept === L.maxProperties) {
      problems.push(
        `${call}: property ${show(key)} dropped: at most ${L.maxProperties} properties per event`,
      );
      continue;
    }
    out[key] = value;
    kept++;
  }
  return { properties: kept > 0 ? out : undefined, problems };
}

export type InitProblemCode = ApiKeyProblem | 'CONFIG_INVALID';

/**
 * Why the client cannot start with these options, or undefined. A refused client sends nothing:
 * every event it made would be refused by ingestion (a bad key, an over-long appVersion) or go
 * nowhere (no endpoint).
 */
export function initProblem(
  o: TelemetryOptions,
  fetchFn: unknown,
): { code: InitProblemCode; message: string } | undefined {
  const key = checkApiKey(o.apiKey);
  // Only the first characters of a key are shown: enough to tell keys apart, useless to others.
  const hint = typeof o.apiKey === 'string' && o.apiKey.length > 12 ? `${o.apiKey.slice(0, 12)}…` : o.apiKey;
  if (key === 'KEY_MALFORMED')
    return {
      code: key,
      message: `apiKey ${show(hint)} is malformed (KEY_MALFORMED): copy the game client's key from the portal; it looks like gtk_live_<32 letters or digits>_<6 letters or digits>`,
    };
  if (key === 'KEY_BAD_CHECKSUM')
    return {
      code: key,
      message: `apiKey ${show(hint)} has a bad checksum (KEY_BAD_CHECKSUM): it was probably mistyped or cut; copy it again from the portal`,
    };
  const config = (message: string) => ({ code: 'CONFIG_INVALID' as const, message });
  if (typeof o.endpoint !== 'string' || !/^https?:\/\/[^/]/.test(o.endpoint))
    return config(
      `endpoint ${show(o.endpoint)} must be the ingestion service's http(s) base URL, e.g. https://ingest.example.com`,
    );
  if (typeof fetchFn !== 'function')
    return config('there is no fetch in this environment; pass options.fetch');
  if (given(o.playerId) && (typeof o.playerId !== 'string' || codePointLength(o.playerId) > L.idMaxLength))
    return config(`playerId ${show(o.playerId)} must be a string of at most ${L.idMaxLength} characters`);
  const long = (v: unknown, max: number) => given(v) && (typeof v !== 'string' || codePointLength(v) > max);
  if (long(o.appVersion, L.appVersionMaxLength))
    return config(
      `appVersion ${show(o.appVersion)} must be a string of at most ${L.appVersionMaxLength} characters`,
    );
  if (o.sdk && (long(o.sdk.name, L.sdkNameMaxLength) || long(o.sdk.version, L.sdkVersionMaxLength)))
    return config(`sdk name and version must be strings of at most ${L.sdkNameMaxLength} characters`);
  if (given(o.signingSecret) && typeof o.signingSecret !== 'string')
    return config('signingSecret must be a string');
  return undefined;
}
