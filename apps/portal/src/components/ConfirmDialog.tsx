import type { ErrorLike } from '@apollo/client';
import { useId, useState, type ReactNode } from 'react';
import { errorMessage } from '../lib/errors';
import { Modal } from './Modal';

export interface ConfirmDialogProps {
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

/** The state of a mutation, as useMutation reports it. */
interface MutationState {
  loading: boolean;
  error?: ErrorLike;
  reset: () => void;
}

export interface Confirmation<T> {
  /** What is being confirmed; undefined while the dialog is closed. */
  target: T | undefined;
  /** Opens the dialog for `target`, without the error of an earlier attempt. */
  ask: (target: T) => void;
  /** The ConfirmDialog props that follow the mutation. */
  dialog: Pick<ConfirmDialogProps, 'busy' | 'error' | 'onCancel' | 'onConfirm'>;
}

/**
 * A ConfirmDialog that runs a mutation, the way every page does it: busy while the mutation runs,
 * its error in words inside the dialog (which stays open), Cancel closing it and forgetting that
 * error, and the dialog closing once `run` succeeds. A dialog about no particular thing (deleting
 * this studio) asks with `true`.
 */
export function useConfirm<T = true>(
  mutation: MutationState,
  run: (target: T) => Promise<unknown>,
  describe: (error: ErrorLike) => string | undefined = errorMessage,
): Confirmation<T> {
  const [target, setTarget] = useState<T>();
  return {
    target,
    ask: (next) => {
      mutation.reset();
      setTarget(next);
    },
    dialog: {
      busy: mutation.loading,
      error: mutation.error ? describe(mutation.error) : undefined,
      onCancel: () => {
        setTarget(undefined);
        mutation.reset();
      },
      onConfirm: async () => {
        if (target === undefined) return;
        try {
          await run(target);
          setTarget(undefined);
        } catch {
          // Shown in the dialog.
        }
      },
    },
  };
}
