// The dashboard's charts (Recharts). Animations are off: the data refreshes live, and a chart
// that re-animates on every refresh looks like it is changing when it is not.
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ReactElement, ReactNode } from 'react';
import {
  formatCompact,
  formatDateTime,
  formatDuration,
  formatMoney,
  formatNumber,
  formatTick,
} from '../lib/format';
import { colorFor, keyLabel, type Row } from '../lib/series';
import { CHART_HEIGHT } from './ChartCard';

interface TimeAxisProps {
  from: number;
  to: number;
}

function grid(): ReactNode {
  return <CartesianGrid stroke="#e9ecef" vertical={false} />;
}

function timeAxis({ from, to }: TimeAxisProps): ReactNode {
  return (
    <XAxis
      dataKey="t"
      type="number"
      scale="time"
      domain={[from, to]}
      tickFormatter={(v: number) => formatTick(v, to - from)}
      tick={{ fontSize: 12, fill: '#5c6773' }}
      tickLine={false}
      axisLine={{ stroke: '#dee2e6' }}
      minTickGap={24}
    />
  );
}

function countAxis(id?: string, orientation: 'left' | 'right' = 'left', format = formatCompact): ReactNode {
  return (
    <YAxis
      yAxisId={id}
      orientation={orientation}
      tickFormatter={(v: number) => format(v)}
      tick={{ fontSize: 12, fill: '#5c6773' }}
      tickLine={false}
      axisLine={false}
      width={52}
      allowDecimals={false}
    />
  );
}

const tooltipLabel = (label: unknown) => (typeof label === 'number' ? formatDateTime(label) : String(label));
const tooltipStyle = { fontSize: 13, borderRadius: 6, borderColor: '#dee2e6' };

function Frame({ children }: { children: ReactNode }) {
  return (
    <ResponsiveContainer width="100%" height={CHART_HEIGHT} debounce={100}>
      {children as ReactElement}
    </ResponsiveContainer>
  );
}

export function StackedTimeChart({
  rows,
  keys,
  range,
  kind = 'area',
}: {
  rows: Row[];
  keys: string[];
  range: TimeAxisProps;
  kind?: 'area' | 'bar';
}) {
  const Chart = kind === 'area' ? AreaChart : BarChart;
  return (
    <Frame>
      <Chart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        {grid()}
        {timeAxis(range)}
        {countAxis()}
        <Tooltip
          labelFormatter={tooltipLabel}
          formatter={(v, name) => [formatNumber(Number(v)), keyLabel(String(name))]}
          contentStyle={tooltipStyle}
        />
        <Legend formatter={(v: string) => keyLabel(v)} wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
        {keys.map((k, i) =>
          kind === 'area' ? (
            <Area
              key={k}
              type="monotone"
              dataKey={k}
              stackId="1"
              stroke={colorFor(k, i)}
              fill={colorFor(k, i)}
              fillOpacity={0.25}
              isAnimationActive={false}
            />
          ) : (
            <Bar key={k} dataKey={k} stackId="1" fill={colorFor(k, i)} isAnimationActive={false} />
          ),
        )}
      </Chart>
    </Frame>
  );
}

export function PlayersChart({
  rows,
  range,
  kind,
  label,
}: {
  rows: { t: number; players: number }[];
  range: TimeAxisProps;
  kind: 'line' | 'bar';
  label: string;
}) {
  const common = (
    <>
      {grid()}
      {timeAxis(range)}
      {countAxis()}
      <Tooltip
        labelFormatter={tooltipLabel}
        formatter={(v) => [formatNumber(Number(v)), label]}
        contentStyle={tooltipStyle}
      />
    </>
  );
  return (
    <Frame>
      {kind === 'line' ? (
        <LineChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          {common}
          <Line
            type="monotone"
            dataKey="players"
            stroke="#3b5bdb"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      ) : (
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          {common}
          <Bar dataKey="players" fill="#2b8a3e" isAnimationActive={false} />
        </BarChart>
      )}
    </Frame>
  );
}

export function SessionsChart({
  rows,
  range,
}: {
  rows: { t: number; sessions: number; averageSeconds: number | null }[];
  range: TimeAxisProps;
}) {
  return (
    <Frame>
      <ComposedChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        {grid()}
        {timeAxis(range)}
        {countAxis('sessions')}
        {countAxis('length', 'right', (v) => formatDuration(v))}
        <Tooltip
          labelFormatter={tooltipLabel}
          formatter={(v, name) =>
            name === 'averageSeconds'
              ? [formatDuration(v === null || v === undefined ? null : Number(v)), 'Average length']
              : [formatNumber(Number(v)), 'Sessions']
          }
          contentStyle={tooltipStyle}
        />
        <Legend
          formatter={(v: string) => (v === 'averageSeconds' ? 'Average length' : 'Sessions')}
          wrapperStyle={{ fontSize: 12 }}
        />
        <Bar yAxisId="sessions" dataKey="sessions" fill="#748ffc" isAnimationActive={false} />
        <Line
          yAxisId="length"
          type="monotone"
          dataKey="averageSeconds"
          stroke="#e8590c"
          strokeWidth={2}
          dot={false}
          connectNulls
          isAnimationActive={false}
        />
      </ComposedChart>
    </Frame>
  );
}

export function FunnelChart({
  levels,
}: {
  levels: { level: string; started: number; completed: number; failed: number }[];
}) {
  return (
    <Frame>
      <BarChart data={levels} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        {grid()}
        <XAxis
          dataKey="level"
          tick={{ fontSize: 12, fill: '#5c6773' }}
          tickLine={false}
          interval="preserveStartEnd"
        />
        {countAxis()}
        <Tooltip
          formatter={(v, name) => [formatNumber(Number(v)), String(name)]}
          labelFormatter={(l) => `Level ${String(l)}`}
          contentStyle={tooltipStyle}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
        <Bar dataKey="started" name="Started" fill="#748ffc" isAnimationActive={false} />
        <Bar dataKey="completed" name="Completed" fill="#2b8a3e" isAnimationActive={false} />
        <Bar dataKey="failed" name="Failed" fill="#e03131" isAnimationActive={false} />
      </BarChart>
    </Frame>
  );
}

export function RevenueChart({
  rows,
  currency,
  range,
}: {
  rows: { t: number; amount: number; purchases: number }[];
  currency: string;
  range: TimeAxisProps;
}) {
  return (
    <Frame>
      <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        {grid()}
        {timeAxis(range)}
        {countAxis(undefined, 'left', (v) => formatMoney(v, currency))}
        <Tooltip
          labelFormatter={tooltipLabel}
          formatter={(v) => [formatMoney(Number(v), currency), 'Revenue']}
          contentStyle={tooltipStyle}
        />
        <Bar dataKey="amount" fill="#2b8a3e" isAnimationActive={false} />
      </BarChart>
    </Frame>
  );
}

/** Most frequent custom events as a ranked list with bars: long names stay readable. */
export function TopEventsList({ events }: { events: { name: string; count: number }[] }) {
  const max = Math.max(1, ...events.map((e) => e.count));
  return (
    <ol className="rank-list">
      {events.map((e) => (
        <li key={e.name} className="rank-row">
          <span className="rank-name mono" title={e.name}>
            {e.name}
          </span>
          <span className="rank-bar" aria-hidden="true">
            <span style={{ width: `${(e.count / max) * 100}%` }} />
          </span>
          <span className="rank-count">{formatNumber(e.count)}</span>
        </li>
      ))}
    </ol>
  );
}
