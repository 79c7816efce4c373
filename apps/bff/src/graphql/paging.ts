import { bffErrors } from './errors';

export const PAGE_MAX = 100;

/** A page size as core accepts it (1..100); anything else is the caller's mistake. */
export function pageSize(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > PAGE_MAX) {
    throw bffErrors.badInput(`first must be between 1 and ${PAGE_MAX}`, [
      { field: 'first', code: 'range', message: `first must be between 1 and ${PAGE_MAX}` },
    ]);
  }
  return first;
}
