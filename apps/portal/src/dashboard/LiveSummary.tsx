import { useSubscription } from '@apollo/client/react';
import { useEffect } from 'react';
import { LiveCountersDocument, type SummaryFiguresFieldsFragment } from '../generated/graphql';
import { SummaryHeader } from './SummaryHeader';

interface LiveSummaryProps {
  studioId: string;
  gameId: string;
  timeZone: string;
  today?: SummaryFiguresFieldsFragment;
  rangeEvents?: number;
  onlineNow?: number;
  rangeLabel: string;
  loading: boolean;
  error?: string;
  onRetry: () => void;
  /** Called when the live counters see events today (a game waiting for its first event). */
  onEventsToday?: (count: number) => void;
}

/**
 * The summary header with the live counters subscription (online now, today's events and
 * players, pushed every few seconds). Its own component so a tick re-renders the figures only.
 */
export function LiveSummary({ studioId, gameId, timeZone, onEventsToday, ...summary }: LiveSummaryProps) {
  const live = useSubscription(LiveCountersDocument, { variables: { studioId, gameId, timeZone } });
  const counters = live.data?.liveCounters;
  const eventsToday = counters?.eventsToday ?? 0;
  useEffect(() => {
    if (eventsToday > 0) onEventsToday?.(eventsToday);
  }, [eventsToday, onEventsToday]);
  return <SummaryHeader {...summary} live={counters} />;
}
