import { useState, type FormEvent } from 'react';
import { customRangeProblem, fromLocalInput, PRESETS, toLocalInput, type RangeSelection } from '../lib/range';

interface RangePickerProps {
  value: RangeSelection;
  onChange: (next: RangeSelection) => void;
}

/** Range presets as a row of toggle buttons, and a custom range with two local date-times. */
export function RangePicker({ value, onChange }: RangePickerProps) {
  const [customOpen, setCustomOpen] = useState(value.kind === 'custom');
  const initialTo = value.kind === 'custom' ? value.to : new Date();
  const initialFrom = value.kind === 'custom' ? value.from : new Date(initialTo.getTime() - 24 * 3_600_000);
  const [from, setFrom] = useState(toLocalInput(initialFrom));
  const [to, setTo] = useState(toLocalInput(initialTo));
  const [problem, setProblem] = useState<string>();

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const f = fromLocalInput(from);
    const t = fromLocalInput(to);
    const p = customRangeProblem(f, t);
    setProblem(p);
    if (!p) onChange({ kind: 'custom', from: f, to: t });
  };

  return (
    <div className="range-picker">
      <div role="group" aria-label="Time range" className="segmented">
        {PRESETS.map((p) => {
          const active = value.kind === 'preset' && value.id === p.id;
          return (
            <button
              key={p.id}
              type="button"
              className="segment"
              aria-pressed={active}
              title={p.label}
              onClick={() => {
                setCustomOpen(false);
                onChange({ kind: 'preset', id: p.id });
              }}
            >
              <span aria-hidden="true">{p.short}</span>
              <span className="visually-hidden">{p.label}</span>
            </button>
          );
        })}
        <button
          type="button"
          className="segment"
          aria-pressed={value.kind === 'custom'}
          aria-expanded={customOpen}
          aria-controls="custom-range"
          onClick={() => setCustomOpen((o) => !o)}
        >
          Custom
        </button>
      </div>
      {customOpen && (
        <form
          id="custom-range"
          className="custom-range"
          onSubmit={apply}
          noValidate
          aria-label="Custom range"
        >
          <div className="field field-inline">
            <label htmlFor="range-from" className="label">
              From
            </label>
            <input
              id="range-from"
              type="datetime-local"
              className="input"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? 'range-problem' : undefined}
            />
          </div>
          <div className="field field-inline">
            <label htmlFor="range-to" className="label">
              To
            </label>
            <input
              id="range-to"
              type="datetime-local"
              className="input"
              value={to}
              onChange={(e) => setTo(e.target.value)}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? 'range-problem' : undefined}
            />
          </div>
          <button type="submit" className="button button-primary">
            Apply
          </button>
          <p id="range-problem" className="field-error" role={problem ? 'alert' : undefined}>
            {problem ?? ''}
          </p>
        </form>
      )}
    </div>
  );
}
