import { useApolloClient, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { authErrorMessage, devSignIn, googleSignInUrl, safeReturnTo } from '../app/session';
import { TextField } from '../components/Field';
import { ErrorNotice, FormError, Loading } from '../components/States';
import { AuthConfigDocument } from '../generated/graphql';
import { emailProblem } from '../lib/validation';

/**
 * Sign-in: Google when the deployment has it, and the development sign-in (any email, no
 * password) when the BFF enables it. Afterwards the person goes back to where they were.
 */
export function SignInPage() {
  const [params] = useSearchParams();
  const returnTo = safeReturnTo(params.get('returnTo'));
  const expired = params.get('reason') === 'expired';
  const authError = authErrorMessage(params.get('authError'));
  const { data, error, loading, refetch } = useQuery(AuthConfigDocument, { fetchPolicy: 'network-only' });
  const client = useApolloClient();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [emailError, setEmailError] = useState<string>();
  const [formError, setFormError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const onDevSignIn = async (e: FormEvent) => {
    e.preventDefault();
    const problem = emailProblem(email);
    setEmailError(problem);
    setFormError(undefined);
    if (problem) return;
    setBusy(true);
    try {
      await devSignIn(email.trim(), name.trim() || undefined);
      // Whatever was cached belonged to nobody (or someone else): start clean.
      await client.clearStore();
      void navigate(returnTo, { replace: true });
    } catch (err) {
      setFormError(err instanceof Error ? err.message : 'Sign-in failed');
      setBusy(false);
    }
  };

  const config = data?.authConfig;
  return (
    <main className="signin-page" id="main">
      <div className="signin-card">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true" />
          Game Telemetry
        </div>
        <h1 className="signin-title">Sign in to the developer portal</h1>
        {expired && (
          <p className="notice notice-info" role="status">
            Your session has ended. Sign in again to continue where you were.
          </p>
        )}
        {authError && (
          <p className="notice notice-error" role="alert">
            {authError}
          </p>
        )}
        {!config && loading && <Loading label="Loading sign-in options…" />}
        {!config && error && (
          <ErrorNotice error={error} title="Sign-in options could not load" onRetry={() => void refetch()} />
        )}
        {config && (
          <>
            {config.googleEnabled && (
              <a
                className="button button-primary button-block"
                href={googleSignInUrl(config.googleLoginUrl, returnTo)}
              >
                Sign in with Google
              </a>
            )}
            {config.googleEnabled && config.devLoginEnabled && (
              <div className="divider" role="separator">
                <span>or</span>
              </div>
            )}
            {config.devLoginEnabled && (
              <form onSubmit={onDevSignIn} noValidate aria-labelledby="dev-signin-title" className="stack">
                <h2 id="dev-signin-title" className="section-title">
                  Development sign-in
                </h2>
                <p className="hint">
                  For local development and demos: any email signs in, no password. Production servers refuse
                  it.
                </p>
                <TextField
                  label="Email"
                  type="email"
                  name="email"
                  autoComplete="email"
                  value={email}
                  onChange={(e) => setEmail(e.target.value)}
                  error={emailError}
                  required
                />
                <TextField
                  label="Name (optional)"
                  name="name"
                  autoComplete="name"
                  value={name}
                  onChange={(e) => setName(e.target.value)}
                  maxLength={200}
                />
                <FormError message={formError} />
                <button type="submit" className="button button-primary button-block" disabled={busy}>
                  {busy ? 'Signing in…' : 'Sign in'}
                </button>
              </form>
            )}
            {!config.googleEnabled && !config.devLoginEnabled && (
              <p className="notice notice-error" role="alert">
                No sign-in method is configured on this server. Set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET
                on the BFF (or DEV_LOGIN_ENABLED=true for development).
              </p>
            )}
          </>
        )}
      </div>
    </main>
  );
}
