import { useQuery } from '@apollo/client/react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { ErrorNotice, Loading } from '../components/States';
import { DashboardCharts } from '../dashboard/DashboardCharts';
import { FirstEventGuide } from '../dashboard/FirstEventGuide';
import { LiveSummary } from '../dashboard/LiveSummary';
import { RangePicker } from '../dashboard/RangePicker';
import { GameDashboardDocument } from '../generated/graphql';
import { errorAt, fieldErrorMessage, isWholeResultError } from '../lib/errors';
import { userTimeZone } from '../lib/format';
import {
  bucketFor,
  bucketLabel,
  describeRange,
  parseRange,
  rangeSpanMs,
  rangeToParams,
  selectionFromKey,
  selectionKey,
  toDashboardRange,
} from '../lib/range';

/** The last hour refreshes on its own; longer ranges change too slowly to be worth it. */
export const LAST_HOUR_REFRESH_MS = 15_000;
/** While a game waits for its first event, look often so the first events show within seconds. */
export const ONBOARDING_REFRESH_MS = 3_000;

/** A game's dashboard: summary figures, then one card per series with its own states. */
export function DashboardPage() {
  const { studioId = '', gameId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const selection = parseRange(params);
  const key = selectionKey(selection);
  const timeZone = useMemo(() => userTimeZone(), []);
  // Recomputed only when the selection changes (its key): a custom range makes new Date objects,
  // and new variables on every render would refetch forever.
  const variables = useMemo(() => {
    const sel = selectionFromKey(key);
    return { studioId, gameId, range: toDashboardRange(sel), bucket: bucketFor(rangeSpanMs(sel)), timeZone };
  }, [studioId, gameId, key, timeZone]);

  const [onboarding, setOnboarding] = useState(false);
  const isLastHour = selection.kind === 'preset' && selection.id === '1h';
  const { data, previousData, loading, error, refetch } = useQuery(GameDashboardDocument, {
    variables,
    // Each series fails alone: keep the data that came back and read the errors per field.
    errorPolicy: 'all',
    fetchPolicy: 'cache-and-network',
    pollInterval: onboarding ? ONBOARDING_REFRESH_MS : isLastHour ? LAST_HOUR_REFRESH_MS : 0,
  });

  const shown = data ?? previousData;
  const dashboard = shown?.game?.dashboard ?? undefined;
  const summary = shown?.game?.header.summary ?? undefined;
  const rangeEvents = dashboard?.eventsOverTime?.total;
  const neverReceived = Boolean(
    summary && summary.totalPlayers === 0 && summary.today.events === 0 && !rangeEvents,
  );
  useEffect(() => setOnboarding(neverReceived), [neverReceived]);

  const retry = useCallback(() => void refetch(), [refetch]);
  // The live counters see the first events before the next poll: fetch the charts right away.
  const onEventsToday = useCallback(() => {
    if (onboarding) void refetch();
  }, [onboarding, refetch]);

  if (!shown && loading) return <Loading label="Loading the dashboard…" height={600} />;
  if (!dashboard && error && (isWholeResultError(error) || !loading)) {
    return <ErrorNotice error={error} title="The dashboard could not load" onRetry={retry} />;
  }

  const stale = Boolean(loading && shown);
  const rangeLabel = describeRange(selection);
  const summaryError = errorAt(error, 'summary');

  return (
    <div className="dashboard" aria-busy={stale}>
      <div className="dashboard-toolbar">
        <RangePicker value={selection} onChange={(next) => setParams(rangeToParams(next))} />
        <p className="muted small dashboard-meta" aria-live="polite">
          {dashboard && `${bucketLabel(dashboard.bucket)} · times in ${timeZone}`}
          {stale && <span className="updating"> · updating…</span>}
          {isLastHour && !stale && <span> · refreshes every {LAST_HOUR_REFRESH_MS / 1000} s</span>}
        </p>
      </div>

      <LiveSummary
        studioId={studioId}
        gameId={gameId}
        timeZone={timeZone}
        today={summary?.today}
        rangeEvents={rangeEvents}
        onlineNow={summary?.onlineNow}
        rangeLabel={rangeLabel}
        loading={loading}
        error={summaryError ? fieldErrorMessage(summaryError) : undefined}
        onRetry={retry}
        onEventsToday={onEventsToday}
      />

      {onboarding && <FirstEventGuide clientsPath={`/studios/${studioId}/games/${gameId}/clients`} />}

      <DashboardCharts
        dashboard={dashboard}
        error={error}
        loading={loading}
        rangeLabel={rangeLabel}
        onRetry={retry}
      />
    </div>
  );
}
