// What a simulated player does, one action at a time: sessions made of level attempts, custom
// events, the odd purchase and error. Pure (a seeded Rng in, actions out), so it is unit-tested
// and reproducible; player.ts turns actions into SDK calls.
import type { ErrorSeverity, ProgressionStatus } from '@gt/sdk-js';
import { pick, type Rng } from './random';

export type Action =
  | { kind: 'session_start' }
  | { kind: 'session_end' }
  | { kind: 'design'; name: string; value?: number }
  | { kind: 'progression'; status: ProgressionStatus; level: string; score?: number; attempt: number }
  | { kind: 'purchase'; currency: string; amount: number; itemId: string; itemType: string }
  | { kind: 'error'; severity: ErrorSeverity; message: string };

const LEVELS = ['world-1-1', 'world-1-2', 'world-1-3', 'world-2-1', 'world-2-2', 'world-3-1', 'boss-1'];
const ENEMIES = ['Goblin', 'Slime', 'Asteroid', 'Drone', 'Pirate'];
const WEAPONS = ['Laser', 'Drill', 'Torpedo'];
const RESOURCES = ['Gold', 'Ore', 'Crystal'];
const SCREENS = ['Shop', 'Settings', 'Inventory', 'Map'];
const ITEMS = [
  { itemId: 'gems-100', itemType: 'currency', amount: 99 },
  { itemId: 'gems-550', itemType: 'currency', amount: 499 },
  { itemId: 'ship-skin-nebula', itemType: 'cosmetic', amount: 299 },
  { itemId: 'season-pass', itemType: 'pass', amount: 999 },
] as const;
const CURRENCIES = ['USD', 'EUR', 'GBP'];
const ERRORS: { severity: ErrorSeverity; message: string }[] = [
  { severity: 'warning', message: 'Texture streaming fell behind' },
  { severity: 'error', message: 'NullReferenceException at ShipController.Update' },
  { severity: 'error', message: 'Save upload failed: timeout' },
  { severity: 'critical', message: 'Out of memory while loading boss-1' },
  { severity: 'info', message: 'Shader cache rebuilt' },
];

export interface PlayerState {
  inSession: boolean;
  /** Actions left in the current session. */
  remaining: number;
  level: number;
  /** The level attempt in progress, if any. */
  attempt: { level: string; n: number } | undefined;
  attempts: Map<string, number>;
}

export function newPlayerState(): PlayerState {
  return { inSession: false, remaining: 0, level: 0, attempt: undefined, attempts: new Map() };
}

/** The next action of a player; mutates `state`. */
export function nextAction(state: PlayerState, rng: Rng): Action {
  if (!state.inSession) {
    state.inSession = true;
    state.remaining = 10 + Math.floor(rng() * 30);
    return { kind: 'session_start' };
  }
  if (state.remaining-- <= 0) {
    state.inSession = false;
    state.attempt = undefined;
    return { kind: 'session_end' };
  }
  if (state.attempt) {
    // Finish the level attempt in progress before anything else of note.
    if (rng() < 0.6) return designEvent(rng);
    const { level, n } = state.attempt;
    state.attempt = undefined;
    const completed = rng() < 0.55 + Math.min(0.35, n * 0.1);
    if (completed) state.level = Math.min(LEVELS.length - 1, state.level + 1);
    const status: ProgressionStatus = completed ? 'complete' : 'fail';
    return {
      kind: 'progression',
      status,
      level,
      attempt: n,
      ...(completed ? { score: 100 + Math.floor(rng() * 9900) } : {}),
    };
  }
  const r = rng();
  if (r < 0.3) {
    const level = LEVELS[state.level]!;
    const n = (state.attempts.get(level) ?? 0) + 1;
    state.attempts.set(level, n);
    state.attempt = { level, n };
    return { kind: 'progression', status: 'start', level, attempt: n };
  }
  if (r < 0.34) {
    const item = pick(rng, ITEMS);
    return {
      kind: 'purchase',
      currency: pick(rng, CURRENCIES),
      amount: item.amount,
      itemId: item.itemId,
      itemType: item.itemType,
    };
  }
  if (r < 0.37) return { kind: 'error', ...pick(rng, ERRORS) };
  return designEvent(rng);
}

function designEvent(rng: Rng): Action {
  const r = rng();
  if (r < 0.5)
    return { kind: 'design', name: `Combat:Kill:${pick(rng, ENEMIES)}:${pick(rng, WEAPONS)}`, value: 1 };
  if (r < 0.8)
    return {
      kind: 'design',
      name: `Resource:Gain:${pick(rng, RESOURCES)}`,
      value: 1 + Math.floor(rng() * 50),
    };
  return { kind: 'design', name: `UI:Open:${pick(rng, SCREENS)}` };
}
