import { formatDateTime, formatRelative, formatUtc } from '../lib/format';

interface TimeProps {
  value: string | null | undefined;
  /** "3 minutes ago" instead of the date; the full local date is in the hover title. */
  relative?: boolean;
  /** Shown when there is no value. */
  fallback?: string;
}

/** A moment in the viewer's time zone; hovering shows it in UTC (and the local date when relative). */
export function Time({ value, relative = false, fallback = '—' }: TimeProps) {
  if (!value) return <span className="muted">{fallback}</span>;
  const local = formatDateTime(value);
  const utc = formatUtc(value);
  return (
    <time dateTime={value} title={relative ? `${local} (${utc})` : utc}>
      {relative ? formatRelative(value) : local}
    </time>
  );
}
