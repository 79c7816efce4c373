import { useQuery } from '@apollo/client/react';
import { Badge, type BadgeTone } from '../components/Badge';
import { DataTable } from '../components/DataTable';
import { EmptyState, ErrorNotice, Loading } from '../components/States';
import { Time } from '../components/Time';
import { AlertHistoryDocument, type DeliveryStatus } from '../generated/graphql';
import { formatNumber } from '../lib/format';

const DELIVERY: Record<DeliveryStatus, { label: string; tone: BadgeTone }> = {
  DELIVERED: { label: 'Delivered', tone: 'good' },
  PENDING: { label: 'Pending', tone: 'warn' },
  FAILED: { label: 'Failed', tone: 'bad' },
};

export const HISTORY_PAGE = 25;
/** New firings and delivery results show up without a reload. */
export const HISTORY_REFRESH_MS = 5_000;

/** Firings of a game's rules, newest first, with whether the email went out. */
export function AlertHistory({ studioId, gameId }: { studioId: string; gameId: string }) {
  const { data, loading, error, refetch, fetchMore } = useQuery(AlertHistoryDocument, {
    variables: { studioId, gameId, first: HISTORY_PAGE },
    pollInterval: HISTORY_REFRESH_MS,
    notifyOnNetworkStatusChange: false,
  });
  const page = data?.game.alertHistory;

  const loadMore = () => {
    if (!page?.nextCursor) return;
    void fetchMore({
      variables: { after: page.nextCursor },
      updateQuery: (prev, { fetchMoreResult }) => ({
        ...fetchMoreResult,
        game: {
          ...fetchMoreResult.game,
          alertHistory: {
            ...fetchMoreResult.game.alertHistory,
            items: [...(prev.game?.alertHistory.items ?? []), ...fetchMoreResult.game.alertHistory.items],
          },
        },
      }),
    });
  };

  return (
    <section className="card" aria-labelledby="history-title">
      <div className="card-header">
        <h2 id="history-title" className="card-title">
          Alert history
        </h2>
        <button type="button" className="button button-small" onClick={() => void refetch()}>
          Refresh
        </button>
      </div>
      {!page && loading && <Loading />}
      {!page && error && <ErrorNotice error={error} onRetry={() => void refetch()} />}
      {page && page.items.length === 0 && (
        <EmptyState title="No alerts have fired yet">
          When a rule’s threshold is reached, the alert appears here.
        </EmptyState>
      )}
      {page && page.items.length > 0 && (
        <DataTable columns={['Fired', 'Rule', 'Value / threshold', 'Email']} testId="alert-history">
          {page.items.map((h) => (
            <tr key={h.id}>
              <td>
                <Time value={h.firedAt} />
              </td>
              <td className="strong">{h.ruleName}</td>
              <td>
                {formatNumber(h.observedValue)} / {formatNumber(h.threshold)}
              </td>
              <td>
                <Badge tone={DELIVERY[h.deliveryStatus].tone}>{DELIVERY[h.deliveryStatus].label}</Badge>
                {h.deliveredAt && (
                  <span className="muted small">
                    {' '}
                    <Time value={h.deliveredAt} relative />
                  </span>
                )}
                {h.detail && <div className="muted small">{h.detail}</div>}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {page?.nextCursor && (
        <button type="button" className="button" onClick={loadMore}>
          Load older alerts
        </button>
      )}
    </section>
  );
}
