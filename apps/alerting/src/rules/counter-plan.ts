import { isActive, selectorOf, type AlertRule } from './alert-rule';

/** One players_reached rule as the counting script sees it: [ruleId, threshold]. */
export type PlayerRulePlan = [ruleId: string, threshold: number];
/** One event_count rule: [ruleId, threshold, cooldownSeconds]. */
export type WindowRulePlan = [ruleId: string, threshold: number, cooldownSeconds: number];
/**
 * One windowed counter: [windowSeconds, selector, cap, rules]. Rules that count the same
 * thing over the same window size share it; `cap` is their largest threshold, past which
 * the counter stops growing because no rule on it can fire any more in that window.
 */
export type WindowPlan = [windowSeconds: number, selector: string, cap: number, rules: WindowRulePlan[]];

/** What the counting script does for one game (short member names: this is serialised per batch). */
export interface GamePlan {
  /** Exact distinct players are kept up to this many (the largest threshold, at least the floor). */
  pc: number;
  pr: PlayerRulePlan[];
  ws: WindowPlan[];
}

export interface CounterPlan {
  /** Games with at least one active rule. Others are counted with the floor only. */
  games: Map<string, GamePlan>;
  /** The JSON of each game's plan, made once per rule change rather than once per batch. */
  json: Map<string, string>;
  /** Largest window, so callers can size what lives longest. */
  maxWindowSeconds: number;
}

/**
 * Turns the active rules into per-game counting instructions. Pure, so it is unit-tested
 * apart from Redis; built again whenever a rule changes.
 */
export function buildCounterPlan(rules: Iterable<AlertRule>, playersFloor: number): CounterPlan {
  const games = new Map<string, GamePlan>();
  let maxWindowSeconds = 0;
  for (const rule of rules) {
    if (!isActive(rule)) continue;
    let plan = games.get(rule.gameId);
    if (!plan) {
      plan = { pc: playersFloor, pr: [], ws: [] };
      games.set(rule.gameId, plan);
    }
    switch (rule.kind) {
      case 'players_reached':
        plan.pr.push([rule.id, rule.threshold]);
        plan.pc = Math.max(plan.pc, rule.threshold);
        break;
      case 'event_count': {
        const windowSeconds = rule.windowSeconds ?? 0;
        const selector = selectorOf(rule);
        maxWindowSeconds = Math.max(maxWindowSeconds, windowSeconds);
        let window = plan.ws.find(([w, s]) => w === windowSeconds && s === selector);
        if (!window) {
          window = [windowSeconds, selector, 0, []];
          plan.ws.push(window);
        }
        window[2] = Math.max(window[2], rule.threshold);
        // Core's documented default: no cool-down given means one window.
        window[3].push([rule.id, rule.threshold, rule.cooldownSeconds ?? windowSeconds]);
        break;
      }
    }
  }
  // Stable order, so two instances with the same rules produce the same plan.
  for (const plan of games.values()) {
    plan.pr.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
    plan.ws.sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]));
    for (const w of plan.ws) w[3].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
  }
  const json = new Map<string, string>();
  for (const [gameId, plan] of games) json.set(gameId, JSON.stringify(plan));
  return { games, json, maxWindowSeconds };
}
