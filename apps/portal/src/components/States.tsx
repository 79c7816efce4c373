import type { ErrorLike } from '@apollo/client';
import type { ReactNode } from 'react';
import { errorMessage } from '../lib/errors';

/** A placeholder of the final content's size, so nothing jumps when the data arrives. */
export function Loading({ label = 'Loading…', height }: { label?: string; height?: number }) {
  return (
    <div
      className="loading"
      role="status"
      aria-live="polite"
      style={height ? { minHeight: height } : undefined}
    >
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

interface ErrorNoticeProps {
  error?: ErrorLike | null;
  message?: string;
  onRetry?: () => void;
  title?: string;
}

export function ErrorNotice({ error, message, onRetry, title = 'Could not load this' }: ErrorNoticeProps) {
  return (
    <div className="notice notice-error" role="alert">
      <div>
        <strong>{title}</strong>
        <p>{message ?? errorMessage(error)}</p>
      </div>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children && <div className="empty-body">{children}</div>}
    </div>
  );
}

export function FormError({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <p className="form-error" role="alert">
      {message}
    </p>
  );
}
