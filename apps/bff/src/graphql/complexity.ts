import type { ComplexityEstimatorArgs } from '@nestjs/graphql';

/**
 * Cost estimates for graphql-query-complexity (query-limits.ts). A plain field costs 1. A list
 * multiplies the cost of what is selected inside it by how many items it is expected to hold
 * (core returns whole lists, so these are generous typical sizes, not hard caps); a paged list
 * by the page size asked for; a metrics series costs as much as the downstream query it makes.
 */
export const EXPECTED_ITEMS = {
  studios: 5,
  members: 20,
  invitations: 10,
  games: 20,
  clients: 5,
  apiKeys: 10,
  signingSecrets: 5,
  alertRules: 10,
  personalTokens: 10,
} as const;

export const SERIES_COST = 10;

type Estimate = (options: ComplexityEstimatorArgs) => number;

export function listOf(expected: number): Estimate {
  return ({ childComplexity }) => 1 + expected * Math.max(1, childComplexity);
}

export function pageOf(defaultSize: number): Estimate {
  return ({ args, childComplexity }) => {
    const first = typeof args.first === 'number' ? args.first : defaultSize;
    return 1 + first * Math.max(1, childComplexity);
  };
}

export const series: Estimate = ({ childComplexity }) => SERIES_COST + childComplexity;
