import type { ReactNode } from 'react';
import { EmptyState, ErrorNotice } from '../components/States';

export const CHART_HEIGHT = 240;

export type SeriesState =
  { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'empty' } | { kind: 'ready' };

interface ChartCardProps {
  id: string;
  title: string;
  subtitle?: ReactNode;
  state: SeriesState;
  onRetry: () => void;
  /** A sentence describing the chart, for screen readers (the chart itself is an image to them). */
  summary?: string;
  emptyText?: string;
  children: ReactNode;
  wide?: boolean;
}

/**
 * One series of the dashboard with its own loading, empty and error states. The body always has
 * the chart's height, so the page does not shift as series arrive, fail or refresh.
 */
export function ChartCard({
  id,
  title,
  subtitle,
  state,
  onRetry,
  summary,
  emptyText = 'No data in this range.',
  children,
  wide = false,
}: ChartCardProps) {
  return (
    <section
      className={`card chart-card ${wide ? 'chart-card-wide' : ''}`}
      aria-labelledby={`${id}-title`}
      aria-busy={state.kind === 'loading'}
      data-testid={`chart-${id}`}
      data-state={state.kind}
    >
      <div className="chart-head">
        <h2 id={`${id}-title`} className="card-title">
          {title}
        </h2>
        {subtitle && state.kind === 'ready' && <span className="chart-subtitle">{subtitle}</span>}
      </div>
      <div className="chart-body" style={{ height: CHART_HEIGHT }}>
        {state.kind === 'loading' && (
          <div className="skeleton" role="status" aria-label={`Loading ${title}`}>
            <span className="visually-hidden">Loading {title}…</span>
          </div>
        )}
        {state.kind === 'error' && (
          <ErrorNotice title={`${title} could not load`} message={state.message} onRetry={onRetry} />
        )}
        {state.kind === 'empty' && <EmptyState title={emptyText} />}
        {state.kind === 'ready' && (
          <div role="img" aria-label={summary ?? title} className="chart-figure">
            {children}
          </div>
        )}
      </div>
    </section>
  );
}
