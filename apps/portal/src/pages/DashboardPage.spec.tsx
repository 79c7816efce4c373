import { screen, within } from '@testing-library/react';
import { GraphQLError } from 'graphql';
import { GameDashboardDocument, LiveCountersDocument, type GameDashboardQuery } from '../generated/graphql';
import { renderPage, type Mock } from '../test/render';
import { DashboardPage } from './DashboardPage';

type Dash = NonNullable<GameDashboardQuery['game']>['dashboard'];

const times = ['2026-11-24T09:00:00.000Z', '2026-11-24T09:15:00.000Z'];
const figures = (events: number) => ({
  __typename: 'SummaryFigures' as const,
  from: times[0],
  to: times[1],
  events,
  activePlayers: events ? 3 : 0,
  newPlayers: events ? 3 : 0,
  sessions: events ? 3 : 0,
  averageSessionSeconds: events ? 95 : null,
  errors: 0,
  revenue: events
    ? [{ __typename: 'CurrencyTotal' as const, currency: 'USD', amount: 998, purchases: 2 }]
    : [],
});
const keyed = (key: string, counts: number[]) => ({
  __typename: 'KeyedSeries' as const,
  key,
  total: counts.reduce((a, b) => a + b, 0),
  points: counts.map((count, i) => ({ __typename: 'CountPoint' as const, time: times[i], count })),
});

function dashboard(events: number, overrides: Partial<Dash> = {}): Dash {
  return {
    __typename: 'Dashboard',
    from: times[0],
    to: times[1],
    bucket: 'FIFTEEN_MINUTES',
    timeZone: 'UTC',
    eventsOverTime: { __typename: 'EventsOverTime', total: events, series: [keyed('design', [events, 0])] },
    activePlayers: {
      __typename: 'PlayersSeries',
      points: times.map((time) => ({ __typename: 'PlayersPoint', time, players: events ? 3 : 0 })),
    },
    newPlayers: {
      __typename: 'PlayersSeries',
      total: events ? 3 : 0,
      points: times.map((time) => ({ __typename: 'PlayersPoint', time, players: events ? 3 : 0 })),
    },
    sessions: {
      __typename: 'SessionsSeries',
      total: events ? 3 : 0,
      averageSeconds: events ? 95 : null,
      points: times.map((time) => ({
        __typename: 'SessionsPoint',
        time,
        sessions: events ? 3 : 0,
        averageSeconds: null,
      })),
    },
    progression: events
      ? [{ __typename: 'ProgressionLevel', level: 'level-1', started: 3, completed: 2, failed: 1 }]
      : [],
    revenue: events
      ? [
          {
            __typename: 'CurrencySeries',
            currency: 'USD',
            amount: 998,
            purchases: 2,
            points: times.map((time) => ({ __typename: 'RevenuePoint', time, amount: 499, purchases: 1 })),
          },
        ]
      : [],
    errors: { __typename: 'ErrorsSeries', total: 0, series: [keyed('warning', [0, 0])] },
    topEvents: events ? [{ __typename: 'TopEvent', name: 'Boss:Defeated', count: events }] : [],
    ...overrides,
  };
}

type Header = NonNullable<GameDashboardQuery['game']>['header'];

function header(events: number, failed = false): Header {
  return {
    __typename: 'Dashboard',
    summary: failed
      ? null
      : {
          __typename: 'DashboardSummary',
          generatedAt: times[1],
          onlineNow: events ? 2 : 0,
          totalPlayers: events ? 3 : 0,
          today: figures(events),
        },
  };
}

function dashboardMock(
  d: Dash | null,
  errors?: GraphQLError[],
  head: Header = header(d?.eventsOverTime?.total ?? 0),
): Mock {
  return {
    request: { query: GameDashboardDocument, variables: () => true },
    result: {
      data: d
        ? {
            game: {
              __typename: 'Game',
              id: 'g1',
              name: 'Star Miners',
              archivedAt: null,
              header: head,
              dashboard: d,
            },
          }
        : null,
      ...(errors ? { errors } : {}),
    },
    maxUsageCount: 10,
  };
}

const live: Mock = {
  request: { query: LiveCountersDocument, variables: () => true },
  result: {
    data: {
      liveCounters: {
        __typename: 'LiveCounters',
        gameId: 'g1',
        at: times[1],
        onlineNow: 7,
        eventsToday: 42,
        activePlayersToday: 5,
        newPlayersToday: 1,
      },
    },
  },
  delay: 50,
};

const route = { path: '/studios/:studioId/games/:gameId', url: '/studios/s1/games/g1' };

function card(id: string): HTMLElement {
  return screen.getByTestId(`chart-${id}`);
}

describe('the dashboard', () => {
  it('shows a loading state of the final size first', () => {
    renderPage(<DashboardPage />, { ...route, mocks: [dashboardMock(dashboard(12)), live] });
    expect(screen.getByRole('status')).toHaveTextContent('Loading the dashboard');
  });

  it('renders the summary and every series, with live figures once the subscription speaks', async () => {
    renderPage(<DashboardPage />, { ...route, mocks: [dashboardMock(dashboard(12)), live] });
    await screen.findByTestId('chart-events');
    expect(card('events')).toHaveAttribute('data-state', 'ready');
    expect(card('revenue')).toHaveAttribute('data-state', 'ready');
    expect(within(card('top-events')).getByText('Boss:Defeated')).toBeInTheDocument();
    // No errors in the range: that card says so instead of drawing an empty chart.
    expect(card('errors')).toHaveAttribute('data-state', 'empty');
    expect(within(card('errors')).getByText('No errors in this range.')).toBeInTheDocument();
    expect(screen.getByTestId('stat-revenue')).toHaveTextContent('$9.98');
    expect(screen.getByTestId('stat-sessions')).toHaveTextContent('average 1 min 35 s');
    // The subscription's counters replace the query's figures as they arrive.
    expect(await within(screen.getByTestId('stat-online-now')).findByText('7')).toBeInTheDocument();
    expect(screen.getByTestId('stat-events-today')).toHaveTextContent('42');
  });

  it('shows a failed series with its own error while the others render', async () => {
    const d = dashboard(12, { revenue: null, sessions: null });
    const err = (field: string) =>
      new GraphQLError('The metrics service is unavailable; try again shortly', {
        path: ['game', 'dashboard', field],
        extensions: { code: 'UPSTREAM_UNAVAILABLE' },
      });
    renderPage(<DashboardPage />, {
      ...route,
      mocks: [dashboardMock(d, [err('revenue'), err('sessions')]), live],
    });
    await screen.findByTestId('chart-events');
    expect(card('revenue')).toHaveAttribute('data-state', 'error');
    expect(within(card('revenue')).getByRole('alert')).toHaveTextContent('Revenue could not load');
    expect(within(card('revenue')).getByRole('alert')).toHaveTextContent('metrics service is unavailable');
    expect(within(card('revenue')).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
    expect(card('sessions')).toHaveAttribute('data-state', 'error');
    for (const id of ['events', 'active-players', 'new-players', 'progression', 'top-events']) {
      expect(card(id)).toHaveAttribute('data-state', 'ready');
    }
  });

  it('shows the header’s own error when the summary fails, and the charts regardless', async () => {
    const err = new GraphQLError('The metrics service is unavailable; try again shortly', {
      path: ['game', 'header', 'summary'],
      extensions: { code: 'UPSTREAM_UNAVAILABLE' },
    });
    renderPage(<DashboardPage />, {
      ...route,
      mocks: [dashboardMock(dashboard(12), [err], header(12, true)), live],
    });
    expect(await screen.findByText('The summary could not load')).toBeInTheDocument();
    expect(card('events')).toHaveAttribute('data-state', 'ready');
  });

  it('explains how to send the first event while a game has none', async () => {
    const quiet: Mock = {
      ...live,
      result: {
        data: {
          liveCounters: {
            ...(live.result as { data: { liveCounters: object } }).data.liveCounters,
            onlineNow: 0,
            eventsToday: 0,
            activePlayersToday: 0,
          },
        },
      },
    };
    renderPage(<DashboardPage />, { ...route, mocks: [dashboardMock(dashboard(0)), quiet] });
    expect(await screen.findByText('No events yet: here is how to send one')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Register a game client/ })).toHaveAttribute(
      'href',
      '/studios/s1/games/g1/clients',
    );
    expect(screen.getByRole('tab', { name: 'Unity' })).toBeInTheDocument();
    expect(card('events')).toHaveAttribute('data-state', 'empty');
  });

  it('shows one error for the page when the game itself cannot load', async () => {
    renderPage(<DashboardPage />, {
      ...route,
      mocks: [
        dashboardMock(null, [
          new GraphQLError('Game not found', { path: ['game'], extensions: { code: 'NOT_FOUND' } }),
        ]),
      ],
    });
    expect(await screen.findByText('The dashboard could not load')).toBeInTheDocument();
    expect(screen.getByText('Game not found')).toBeInTheDocument();
  });

  it('switches ranges with the keyboard-operable presets and keeps the choice in the URL', async () => {
    const { user, router } = renderPage(<DashboardPage />, {
      ...route,
      mocks: [dashboardMock(dashboard(12)), live],
    });
    await screen.findByTestId('chart-events');
    const last7 = screen.getByRole('button', { name: 'Last 7 days' });
    expect(last7).toHaveAttribute('aria-pressed', 'false');
    await user.click(last7);
    expect(router.state.location.search).toBe('?range=7d');
    expect(screen.getByRole('button', { name: 'Last 7 days' })).toHaveAttribute('aria-pressed', 'true');
  });

  it('asks for the last 90 days as the BFF’s preset in daily buckets, and shows every series without an error', async () => {
    // Only a request with the 90-day preset and daily buckets (and no from/to) gets an answer.
    const ninetyDays: Mock = {
      ...dashboardMock(dashboard(12, { bucket: 'ONE_DAY' })),
      request: {
        query: GameDashboardDocument,
        variables: (v: Record<string, unknown>) =>
          JSON.stringify(v.range) === JSON.stringify({ last: 'LAST_90_DAYS' }) && v.bucket === 'ONE_DAY',
      },
    };
    renderPage(<DashboardPage />, { ...route, url: `${route.url}?range=90d`, mocks: [ninetyDays, live] });
    await screen.findByTestId('chart-events');
    expect(screen.getByRole('button', { name: 'Last 90 days' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getAllByText('per day').length).toBeGreaterThan(0);
    expect(document.querySelectorAll('[data-state="error"]')).toHaveLength(0);
    expect(screen.queryByText('The summary could not load')).not.toBeInTheDocument();
    for (const id of [
      'events',
      'active-players',
      'new-players',
      'sessions',
      'revenue',
      'progression',
      'top-events',
    ]) {
      expect(card(id)).toHaveAttribute('data-state', 'ready');
    }
  });

  it('refuses a custom range that ends before it starts', async () => {
    const { user } = renderPage(<DashboardPage />, { ...route, mocks: [dashboardMock(dashboard(12)), live] });
    await screen.findByTestId('chart-events');
    await user.click(screen.getByRole('button', { name: 'Custom' }));
    const from = screen.getByLabelText('From');
    const to = screen.getByLabelText('To');
    await user.clear(from);
    await user.type(from, '2026-11-20T10:00');
    await user.clear(to);
    await user.type(to, '2026-11-19T10:00');
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    expect(await screen.findByText('The end must be after the start.')).toBeInTheDocument();
  });
});
