import type { ReactNode } from 'react';
import type { SummaryFiguresFieldsFragment } from '../generated/graphql';
import { formatDuration, formatMoney, formatNumber } from '../lib/format';

export interface LiveFigures {
  onlineNow: number;
  eventsToday: number;
  activePlayersToday: number;
  at: string;
}

interface SummaryHeaderProps {
  today?: SummaryFiguresFieldsFragment;
  /** Events over the chosen range (from the events series), under "Events today". */
  rangeEvents?: number;
  onlineNow?: number;
  live?: LiveFigures;
  rangeLabel: string;
  loading: boolean;
  error?: string;
  onRetry: () => void;
}

function revenueText(figures?: SummaryFiguresFieldsFragment): { main: string; rest?: string } {
  const list = figures?.revenue ?? [];
  if (!list.length) return { main: '0' };
  const [first, ...others] = [...list].sort((a, b) => b.amount - a.amount);
  return {
    main: formatMoney(first.amount, first.currency),
    rest: others.length ? others.map((c) => formatMoney(c.amount, c.currency)).join(' · ') : undefined,
  };
}

function Stat({
  label,
  value,
  sub,
  live,
  testId,
}: {
  label: string;
  value: ReactNode;
  sub?: ReactNode;
  live?: boolean;
  testId: string;
}) {
  return (
    <div className="stat" data-testid={testId}>
      <dt className="stat-label">
        {live && <span className="live-dot" aria-hidden="true" />}
        {label}
      </dt>
      <dd className="stat-value">{value}</dd>
      <dd className="stat-sub">{sub ?? '\u00a0'}</dd>
    </div>
  );
}

/**
 * The figures at the top of a dashboard: today (in the viewer's time zone) and online now, live
 * from the subscription when it is connected, with the selected range's event total underneath.
 */
export function SummaryHeader({
  today,
  rangeEvents,
  onlineNow,
  live,
  rangeLabel,
  loading,
  error,
  onRetry,
}: SummaryHeaderProps) {
  if (error && !today) {
    return (
      <div className="notice notice-error summary-error" role="alert">
        <div>
          <strong>The summary could not load</strong>
          <p>{error}</p>
        </div>
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      </div>
    );
  }
  const pending = loading && !today;
  const dash = pending ? '…' : '—';
  const events = live?.eventsToday ?? today?.events;
  const dau = live?.activePlayersToday ?? today?.activePlayers;
  const online = live?.onlineNow ?? onlineNow;
  const revenue = revenueText(today);
  return (
    <dl className="summary" aria-busy={pending} aria-label="Summary">
      <Stat
        testId="stat-events-today"
        label="Events today"
        value={events === undefined ? dash : formatNumber(events)}
        sub={
          rangeEvents !== undefined
            ? `${formatNumber(rangeEvents)} in ${rangeLabel.toLowerCase()}`
            : undefined
        }
      />
      <Stat
        testId="stat-online-now"
        label="Online now"
        live={Boolean(live)}
        value={online === undefined ? dash : formatNumber(online)}
        sub="players in the last 5 minutes"
      />
      <Stat
        testId="stat-dau"
        label="Daily active players"
        value={dau === undefined ? dash : formatNumber(dau)}
        sub={today && `${formatNumber(today.newPlayers)} new today`}
      />
      <Stat
        testId="stat-sessions"
        label="Sessions today"
        value={today ? formatNumber(today.sessions) : dash}
        sub={
          today && today.averageSessionSeconds !== null
            ? `average ${formatDuration(today.averageSessionSeconds)}`
            : undefined
        }
      />
      <Stat
        testId="stat-revenue"
        label="Revenue today"
        value={today ? revenue.main : dash}
        sub={
          today &&
          (revenue.rest ?? `${formatNumber(today.revenue.reduce((n, c) => n + c.purchases, 0))} purchases`)
        }
      />
    </dl>
  );
}
