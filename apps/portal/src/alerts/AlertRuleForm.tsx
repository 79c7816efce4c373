import { useState, type FormEvent } from 'react';
import { SelectField, TextAreaField, TextField } from '../components/Field';
import { FormError } from '../components/States';
import type { AlertRuleFieldsFragment, AlertRuleKind, EventType } from '../generated/graphql';
import {
  designNameProblem,
  integerProblem,
  LIMITS,
  parseEmailList,
  recipientsProblem,
  requiredName,
} from '../lib/validation';

/** What the form hands back: the fields of CreateAlertRuleInput without the studio and game. */
export interface AlertRuleValues {
  name: string;
  kind: AlertRuleKind;
  threshold: number;
  windowSeconds: number | null;
  cooldownSeconds: number | null;
  eventType: EventType | null;
  eventName: string | null;
  recipients: string[];
  enabled: boolean;
}

export const EVENT_TYPE_LABEL: Record<EventType, string> = {
  SESSION_START: 'Session starts',
  SESSION_END: 'Session ends',
  DESIGN: 'Custom (design) events',
  PROGRESSION: 'Progression events',
  PURCHASE: 'Purchases',
  ERROR: 'Errors',
};

const EVENT_TYPES = Object.keys(EVENT_TYPE_LABEL) as EventType[];

interface AlertRuleFormProps {
  initial?: AlertRuleFieldsFragment;
  defaultRecipient?: string;
  submitLabel: string;
  busy: boolean;
  serverError?: string;
  serverFields?: Record<string, string>;
  onSubmit: (values: AlertRuleValues) => void;
  onCancel: () => void;
}

type Problems = Partial<
  Record<'name' | 'threshold' | 'window' | 'cooldown' | 'event' | 'eventName' | 'recipients', string>
>;

/**
 * Create or edit an alert rule of either kind. Fields that do not apply to the chosen kind are
 * hidden and sent as null, as core requires (a players-reached rule has no window or filter).
 */
export function AlertRuleForm({
  initial,
  defaultRecipient,
  submitLabel,
  busy,
  serverError,
  serverFields = {},
  onSubmit,
  onCancel,
}: AlertRuleFormProps) {
  const [name, setName] = useState(initial?.name ?? '');
  const [kind, setKind] = useState<AlertRuleKind>(initial?.kind ?? 'PLAYERS_REACHED');
  const [threshold, setThreshold] = useState(initial ? String(initial.threshold) : '');
  const [windowMinutes, setWindowMinutes] = useState(
    initial?.windowSeconds ? String(initial.windowSeconds / 60) : '5',
  );
  const [cooldownMinutes, setCooldownMinutes] = useState(
    initial?.cooldownSeconds !== null && initial?.cooldownSeconds !== undefined
      ? String(initial.cooldownSeconds / 60)
      : '',
  );
  const [eventType, setEventType] = useState<EventType | ''>(initial?.eventType ?? '');
  const [eventName, setEventName] = useState(initial?.eventName ?? '');
  const [recipients, setRecipients] = useState(
    (initial?.recipients ?? (defaultRecipient ? [defaultRecipient] : [])).join('\n'),
  );
  const [enabled, setEnabled] = useState(initial?.enabled ?? true);
  const [problems, setProblems] = useState<Problems>({});

  const eventCount = kind === 'EVENT_COUNT';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const list = parseEmailList(recipients);
    const next: Problems = {
      name: requiredName(name, 'Rule name'),
      threshold: integerProblem(threshold, 'Threshold', 1, LIMITS.thresholdMax),
      recipients: recipientsProblem(list),
    };
    if (eventCount) {
      next.window = integerProblem(windowMinutes, 'Window', LIMITS.windowMinutesMin, LIMITS.windowMinutesMax);
      if (cooldownMinutes.trim()) {
        next.cooldown = integerProblem(cooldownMinutes, 'Cool-down', 0, LIMITS.cooldownMinutesMax);
      }
      if (!eventType && !eventName.trim()) next.event = 'Choose the events to count, or name a custom event.';
      next.eventName = designNameProblem(eventName);
      if (eventName.trim() && eventType && eventType !== 'DESIGN') {
        next.eventName = 'An event name applies to custom (design) events only.';
      }
    }
    setProblems(next);
    if (Object.values(next).some(Boolean)) return;
    onSubmit({
      name: name.trim(),
      kind,
      threshold: Number(threshold),
      windowSeconds: eventCount ? Number(windowMinutes) * 60 : null,
      cooldownSeconds: eventCount && cooldownMinutes.trim() ? Number(cooldownMinutes) * 60 : null,
      eventType: eventCount ? eventType || (eventName.trim() ? 'DESIGN' : null) : null,
      eventName: eventCount && eventName.trim() ? eventName.trim() : null,
      recipients: list,
      enabled,
    });
  };

  return (
    <form onSubmit={submit} noValidate className="stack" aria-label={submitLabel}>
      <TextField
        label="Rule name"
        name="ruleName"
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={problems.name ?? serverFields.name}
        maxLength={LIMITS.nameMaxLength}
        data-autofocus
      />
      <fieldset className="fieldset">
        <legend className="label">Alert when</legend>
        <label className="radio">
          <input
            type="radio"
            name="kind"
            value="PLAYERS_REACHED"
            checked={kind === 'PLAYERS_REACHED'}
            onChange={() => setKind('PLAYERS_REACHED')}
          />
          <span>
            <strong>Players reached</strong> — the game’s unique players reach a number (fires once)
          </span>
        </label>
        <label className="radio">
          <input
            type="radio"
            name="kind"
            value="EVENT_COUNT"
            checked={kind === 'EVENT_COUNT'}
            onChange={() => setKind('EVENT_COUNT')}
          />
          <span>
            <strong>Event count</strong> — events of a kind reach a number within a time window
          </span>
        </label>
      </fieldset>
      <TextField
        label={eventCount ? 'Events in the window' : 'Unique players'}
        name="threshold"
        inputMode="numeric"
        value={threshold}
        onChange={(e) => setThreshold(e.target.value)}
        error={problems.threshold ?? serverFields.threshold}
        hint={
          eventCount
            ? 'The alert fires when the count reaches this number.'
            : 'Fires when this many different players have played.'
        }
      />
      {eventCount && (
        <>
          <div className="form-row">
            <SelectField
              label="Events to count"
              name="eventType"
              value={eventType}
              onChange={(e) => setEventType(e.target.value as EventType | '')}
              error={problems.event ?? serverFields.eventType}
              fieldClassName="grow"
            >
              <option value="">Choose…</option>
              {EVENT_TYPES.map((t) => (
                <option key={t} value={t}>
                  {EVENT_TYPE_LABEL[t]}
                </option>
              ))}
            </SelectField>
            <TextField
              label="Custom event name (optional)"
              name="eventName"
              value={eventName}
              onChange={(e) => setEventName(e.target.value)}
              error={problems.eventName ?? serverFields.eventName}
              hint="e.g. Boss:Defeated"
              fieldClassName="grow"
            />
          </div>
          <div className="form-row">
            <TextField
              label="Window (minutes)"
              name="windowMinutes"
              inputMode="numeric"
              value={windowMinutes}
              onChange={(e) => setWindowMinutes(e.target.value)}
              error={problems.window ?? serverFields.windowSeconds}
              hint="1 to 1440"
            />
            <TextField
              label="Cool-down (minutes, optional)"
              name="cooldownMinutes"
              inputMode="numeric"
              value={cooldownMinutes}
              onChange={(e) => setCooldownMinutes(e.target.value)}
              error={problems.cooldown ?? serverFields.cooldownSeconds}
              hint="Least time between two alerts; default: the window"
            />
          </div>
        </>
      )}
      <TextAreaField
        label="Email recipients"
        name="recipients"
        rows={3}
        value={recipients}
        onChange={(e) => setRecipients(e.target.value)}
        error={problems.recipients ?? serverFields.recipients}
        hint={`One per line or separated by commas; up to ${LIMITS.recipientsMax}.`}
      />
      <label className="checkbox">
        <input
          type="checkbox"
          checked={enabled}
          onChange={(e) => setEnabled(e.target.checked)}
          name="enabled"
        />
        Enabled
      </label>
      <FormError message={serverError} />
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
      </div>
    </form>
  );
}
