// Client-side checks that mirror the server's rules (core's DTOs), so most mistakes are named
// next to the field before a round trip. The server still decides; its field errors are shown
// the same way (lib/errors.ts fieldProblems).

export const LIMITS = {
  nameMaxLength: 100,
  recipientsMax: 20,
  thresholdMax: 2_000_000_000,
  windowMinutesMin: 1,
  windowMinutesMax: 1440,
  cooldownMinutesMax: 7 * 1440,
  designNameMaxLength: 128,
  tokenDaysMax: 365,
} as const;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** A design event name: 1 to 5 parts separated by ':', each of [A-Za-z0-9_.-] (docs/events.md). */
const DESIGN_NAME = /^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+){0,4}$/;

export function requiredName(value: string, what = 'Name'): string | undefined {
  const v = value.trim();
  if (!v) return `${what} is required.`;
  if (v.length > LIMITS.nameMaxLength) return `${what} must be at most ${LIMITS.nameMaxLength} characters.`;
  return undefined;
}

export function isEmail(value: string): boolean {
  return EMAIL.test(value.trim()) && value.trim().length <= 254;
}

export function emailProblem(value: string): string | undefined {
  if (!value.trim()) return 'Email is required.';
  return isEmail(value) ? undefined : 'Enter an email address like name@studio.com.';
}

/** Recipients typed one per line or separated by commas or spaces. */
export function parseEmailList(value: string): string[] {
  return [
    ...new Set(
      value
        .split(/[\s,;]+/)
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
}

export function recipientsProblem(list: string[]): string | undefined {
  if (!list.length) return 'Add at least one recipient.';
  if (list.length > LIMITS.recipientsMax) return `At most ${LIMITS.recipientsMax} recipients.`;
  const bad = list.filter((e) => !isEmail(e));
  if (bad.length) return `Not an email address: ${bad.join(', ')}`;
  return undefined;
}

/** A whole number within bounds, from a text field; the message says what is allowed. */
export function integerProblem(value: string, label: string, min: number, max: number): string | undefined {
  if (!value.trim()) return `${label} is required.`;
  const n = Number(value);
  if (!Number.isInteger(n)) return `${label} must be a whole number.`;
  if (n < min || n > max) return `${label} must be between ${min} and ${max.toLocaleString()}.`;
  return undefined;
}

export function designNameProblem(value: string): string | undefined {
  const v = value.trim();
  if (!v) return undefined;
  if (v.length > LIMITS.designNameMaxLength || !DESIGN_NAME.test(v)) {
    return 'Use up to 5 parts separated by ":" with letters, digits, "_", "." or "-", e.g. Boss:Defeated.';
  }
  return undefined;
}
