/** Injected clock (epoch milliseconds), so cache lifetimes and rate limits are tested without waiting. */
export const CLOCK = Symbol('CLOCK');
export type Clock = () => number;
export const systemClock: Clock = () => Date.now();
