import { useId, useState, type ReactNode } from 'react';
import { Modal } from './Modal';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<unknown> | void;
  onCancel: () => void;
  /** Destructive actions get a red button. */
  danger?: boolean;
  /** When set, the person must type this text first (deleting a studio). */
  typeToConfirm?: string;
  /** An error from the last attempt, shown in the dialog. */
  error?: string;
  busy?: boolean;
}

export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  onConfirm,
  onCancel,
  danger = false,
  typeToConfirm,
  error,
  busy = false,
}: ConfirmDialogProps) {
  const [typed, setTyped] = useState('');
  const descId = useId();
  const inputId = useId();
  const ready = !typeToConfirm || typed.trim() === typeToConfirm;
  return (
    <Modal
      title={title}
      onClose={onCancel}
      describedBy={descId}
      footer={
        <>
          <button
            type="button"
            className="button"
            onClick={onCancel}
            data-autofocus={danger && !typeToConfirm ? true : undefined}
          >
            Cancel
          </button>
          <button
            type="button"
            className={danger ? 'button button-danger' : 'button button-primary'}
            disabled={!ready || busy}
            onClick={() => void onConfirm()}
          >
            {busy ? 'Working…' : confirmLabel}
          </button>
        </>
      }
    >
      <div id={descId}>{children}</div>
      {typeToConfirm && (
        <div className="field">
          <label htmlFor={inputId} className="label">
            Type <strong className="mono">{typeToConfirm}</strong> to confirm
          </label>
          <input
            id={inputId}
            className="input"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            autoComplete="off"
          />
        </div>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </Modal>
  );
}
