// String formats the schemas use. ajv-formats' `date-time` accepts a space for `T`, offsets
// without a colon and leap seconds, which Date.parse and downstream stores read differently
// or not at all; and V8's Date.parse rolls 2026-02-30 over to March. So the one accepted
// shape is RFC 3339 with an uppercase T and a zone, checked against the calendar here.
import { UUID_PATTERN } from './event.schema';

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):(\d{2}))$/;
const UUID = new RegExp(UUID_PATTERN);

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** RFC 3339 date-time with a zone, e.g. 2026-11-24T10:00:00.000Z or 2026-11-24T11:00:00+01:00. */
export function isIsoDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  if (m === null) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59) return false;
  // Offset groups are absent for `Z`.
  if (m[7] !== undefined && (Number(m[7]) > 23 || Number(m[8]) > 59)) return false;
  return true;
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
