import type { ReactNode } from 'react';
import { CopyButton } from './CopyButton';

interface SecretRevealProps {
  /** What the secret is, e.g. "API key". */
  label: string;
  secret: string;
  onDone: () => void;
  children?: ReactNode;
  /** How the secret is kept, after "Copy it now": by default only a fingerprint (a hash). */
  stored?: ReactNode;
}

const HASH_ONLY = 'Only a fingerprint is stored; if you lose it, create a new one.';

/**
 * A secret shown once (API keys, personal access tokens, signing secrets): this is the only time
 * anyone sees it. The warning says so in words, not just colour.
 */
export function SecretReveal({ label, secret, onDone, children, stored = HASH_ONLY }: SecretRevealProps) {
  const id = `secret-${label.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <section className="secret" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="secret-title">
        Your new {label}
      </h3>
      <p className="secret-warning" role="alert">
        <strong>Copy it now: you will not see this again.</strong> {stored}
      </p>
      <div className="secret-row">
        <label className="visually-hidden" htmlFor={id}>
          {label}
        </label>
        <input
          id={id}
          className="input mono secret-value"
          readOnly
          value={secret}
          onFocus={(e) => e.currentTarget.select()}
          data-testid="secret-value"
        />
        <CopyButton text={secret} label={`Copy ${label}`} className="button button-primary" />
      </div>
      {children}
      <div className="secret-actions">
        <button type="button" className="button" onClick={onDone}>
          I have copied it
        </button>
      </div>
    </section>
  );
}
