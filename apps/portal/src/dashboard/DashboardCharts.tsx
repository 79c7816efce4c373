import { memo, useMemo } from 'react';
import type { ErrorLike } from '@apollo/client';
import type { GameDashboardQuery } from '../generated/graphql';
import { errorAt, fieldErrorMessage } from '../lib/errors';
import { formatDuration, formatMoney, formatNumber } from '../lib/format';
import { bucketLabel } from '../lib/range';
import { allZero, keyedRows, timeRows } from '../lib/series';
import { ChartCard, type SeriesState } from './ChartCard';
import {
  FunnelChart,
  PlayersChart,
  RevenueChart,
  SessionsChart,
  StackedTimeChart,
  TopEventsList,
} from './charts';

export type DashboardData = NonNullable<GameDashboardQuery['game']>['dashboard'];
type SeriesField = Exclude<keyof DashboardData, '__typename' | 'from' | 'to' | 'bucket' | 'timeZone'>;

interface DashboardChartsProps {
  dashboard: DashboardData | undefined;
  error: ErrorLike | undefined;
  loading: boolean;
  rangeLabel: string;
  onRetry: () => void;
}

/**
 * Every series card of a dashboard. Memoised on the query's result: the live counters tick every
 * few seconds and must not redraw eight charts each time (charts are the expensive part).
 */
export const DashboardCharts = memo(function DashboardCharts({
  dashboard,
  error,
  loading,
  rangeLabel,
  onRetry,
}: DashboardChartsProps) {
  const axis = useMemo(
    () => ({
      from: dashboard ? Date.parse(dashboard.from) : 0,
      to: dashboard ? Date.parse(dashboard.to) : 0,
    }),
    [dashboard],
  );
  const events = dashboard?.eventsOverTime;
  const active = dashboard?.activePlayers;
  const fresh = dashboard?.newPlayers;
  const sessions = dashboard?.sessions;
  const progression = dashboard?.progression;
  const revenue = dashboard?.revenue;
  const errors = dashboard?.errors;
  const top = dashboard?.topEvents;
  const mainCurrency = revenue?.[0];

  // Chart rows only change with the data, so a re-render with the same data reuses them.
  const rows = useMemo(
    () => ({
      events: events ? keyedRows(events.series) : [],
      eventKeys: events ? events.series.filter((s) => s.total > 0).map((s) => s.key) : [],
      active: active ? timeRows(active.points) : [],
      fresh: fresh ? timeRows(fresh.points) : [],
      sessions: sessions ? timeRows(sessions.points) : [],
      revenue: mainCurrency ? timeRows(mainCurrency.points) : [],
      errors: errors ? keyedRows(errors.series) : [],
      errorKeys: errors ? errors.series.map((s) => s.key) : [],
    }),
    [events, active, fresh, sessions, mainCurrency, errors],
  );

  function state<T>(field: SeriesField, value: T | null | undefined, empty: (v: T) => boolean): SeriesState {
    if (value === null || value === undefined) {
      const err = errorAt(error, field);
      if (err) return { kind: 'error', message: fieldErrorMessage(err) };
      return loading || !dashboard
        ? { kind: 'loading' }
        : { kind: 'error', message: 'No answer for this series.' };
    }
    return empty(value) ? { kind: 'empty' } : { kind: 'ready' };
  }

  const range = rangeLabel.toLowerCase();
  return (
    <div className="chart-grid">
      <ChartCard
        id="events"
        title="Events over time"
        subtitle={events && `${formatNumber(events.total)} events`}
        state={state('eventsOverTime', events, (v) => v.total === 0)}
        onRetry={onRetry}
        summary={events ? `${formatNumber(events.total)} events in ${range}, by type` : undefined}
        wide
      >
        <StackedTimeChart rows={rows.events} keys={rows.eventKeys} range={axis} />
      </ChartCard>

      <ChartCard
        id="active-players"
        title="Active players"
        subtitle={dashboard && bucketLabel(dashboard.bucket)}
        state={state('activePlayers', active, (v) => allZero(v.points.map((p) => p.players)))}
        onRetry={onRetry}
        summary="Distinct players per bucket"
      >
        <PlayersChart rows={rows.active} range={axis} kind="line" label="Active players" />
      </ChartCard>

      <ChartCard
        id="new-players"
        title="New players"
        subtitle={typeof fresh?.total === 'number' ? `${formatNumber(fresh.total)} new` : undefined}
        state={state('newPlayers', fresh, (v) => allZero(v.points.map((p) => p.players)))}
        onRetry={onRetry}
        summary={
          typeof fresh?.total === 'number'
            ? `${formatNumber(fresh.total)} players seen for the first time`
            : undefined
        }
      >
        <PlayersChart rows={rows.fresh} range={axis} kind="bar" label="New players" />
      </ChartCard>

      <ChartCard
        id="sessions"
        title="Sessions and average length"
        subtitle={
          sessions &&
          `${formatNumber(sessions.total)} sessions · average ${formatDuration(sessions.averageSeconds)}`
        }
        state={state('sessions', sessions, (v) => v.total === 0)}
        onRetry={onRetry}
        summary={
          sessions
            ? `${formatNumber(sessions.total)} sessions, average ${formatDuration(sessions.averageSeconds)}`
            : undefined
        }
      >
        <SessionsChart rows={rows.sessions} range={axis} />
      </ChartCard>

      <ChartCard
        id="progression"
        title="Progression funnel"
        state={state('progression', progression, (v) => v.length === 0)}
        onRetry={onRetry}
        emptyText="No progression events in this range."
        summary="Started, completed and failed per level"
      >
        <FunnelChart levels={progression ?? []} />
      </ChartCard>

      <ChartCard
        id="revenue"
        title="Revenue"
        subtitle={
          mainCurrency &&
          `${formatMoney(mainCurrency.amount, mainCurrency.currency)} · ${formatNumber(mainCurrency.purchases)} purchases`
        }
        state={state('revenue', revenue, (v) => v.length === 0 || v.every((c) => c.amount === 0))}
        onRetry={onRetry}
        emptyText="No purchases in this range."
        summary={mainCurrency ? `Revenue in ${mainCurrency.currency}` : undefined}
      >
        <RevenueChart rows={rows.revenue} currency={mainCurrency?.currency ?? 'USD'} range={axis} />
      </ChartCard>

      <ChartCard
        id="errors"
        title="Errors"
        subtitle={errors && `${formatNumber(errors.total)} errors`}
        state={state('errors', errors, (v) => v.total === 0)}
        onRetry={onRetry}
        emptyText="No errors in this range."
        summary={errors ? `${formatNumber(errors.total)} error events by severity` : undefined}
      >
        <StackedTimeChart rows={rows.errors} keys={rows.errorKeys} range={axis} kind="bar" />
      </ChartCard>

      <ChartCard
        id="top-events"
        title="Top events"
        state={state('topEvents', top, (v) => v.length === 0)}
        onRetry={onRetry}
        emptyText="No custom events in this range."
        summary="Most frequent custom events"
      >
        <TopEventsList events={top ?? []} />
      </ChartCard>
    </div>
  );
});
