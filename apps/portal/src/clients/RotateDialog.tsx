import { useState, type ReactNode } from 'react';
import { SelectField } from '../components/Field';
import { Modal } from '../components/Modal';
import { FormError } from '../components/States';

export interface GraceOption {
  /** Hours as text; '' for core's default. */
  value: string;
  label: string;
}

interface RotateDialogProps {
  title: string;
  /** What rotating does, in a sentence or two. */
  children: ReactNode;
  /** The grace period field: how long the current one keeps working beside the new one. */
  graceLabel: string;
  graceName: string;
  options: readonly GraceOption[];
  confirmLabel: string;
  busy: boolean;
  error?: string;
  onClose: () => void;
  /** Hours of grace, or undefined for core's default. */
  onRotate: (graceHours: number | undefined) => void;
}

/** Rotating a credential (an API key, a signing secret): a replacement and a grace period. */
export function RotateDialog({
  title,
  children,
  graceLabel,
  graceName,
  options,
  confirmLabel,
  busy,
  error,
  onClose,
  onRotate,
}: RotateDialogProps) {
  const [grace, setGrace] = useState('');
  return (
    <Modal
      title={title}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={busy}
            onClick={() => onRotate(grace === '' ? undefined : Number(grace))}
          >
            {busy ? 'Rotating…' : confirmLabel}
          </button>
        </>
      }
    >
      {children}
      <SelectField
        label={graceLabel}
        value={grace}
        onChange={(e) => setGrace(e.target.value)}
        name={graceName}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </SelectField>
      <FormError message={error} />
    </Modal>
  );
}
