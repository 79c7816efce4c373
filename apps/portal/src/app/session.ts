// Sign-in and sign-out against the BFF's /auth routes. Both are fetches with a JSON body: the
// BFF answers 204 instead of redirecting, so the portal decides where to go next, and it works
// the same through the Vite dev server's proxy as on the BFF's own origin.

/** Only a path on our own origin: never `//evil.example` or an absolute URL (open redirect). */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return '/';
  if (value.startsWith('/sign-in')) return '/';
  return value.length > 512 ? '/' : value;
}

export function signInPath(returnTo: string, reason?: 'expired'): string {
  const params = new URLSearchParams();
  const target = safeReturnTo(returnTo);
  if (target !== '/') params.set('returnTo', target);
  if (reason) params.set('reason', reason);
  const q = params.toString();
  return q ? `/sign-in?${q}` : '/sign-in';
}

async function problemMessage(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { detail?: unknown; title?: unknown; message?: unknown };
    for (const v of [body.detail, body.message, body.title]) if (typeof v === 'string' && v) return v;
  } catch {
    // Not JSON: fall through to the status.
  }
  return `Sign-in failed (HTTP ${res.status})`;
}

export async function devSignIn(
  email: string,
  name?: string,
  fetchImpl: typeof fetch = fetch,
): Promise<void> {
  const res = await fetchImpl('/auth/dev', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(name ? { email, name } : { email }),
  });
  if (!res.ok) throw new Error(await problemMessage(res));
}

export async function signOut(fetchImpl: typeof fetch = fetch): Promise<void> {
  const res = await fetchImpl('/auth/logout', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: '{}',
  });
  // 401 means the session had already ended: signed out all the same.
  if (!res.ok && res.status !== 401) throw new Error(await problemMessage(res));
}

export function googleSignInUrl(base: string, returnTo: string): string {
  return `${base}?returnTo=${encodeURIComponent(safeReturnTo(returnTo))}`;
}

/** What /?authError=<reason> from the BFF's sign-in redirects means. */
export function authErrorMessage(reason: string | null): string | undefined {
  switch (reason) {
    case null:
    case '':
      return undefined;
    case 'google_failed':
      return 'Google sign-in did not complete. Try again.';
    case 'email_unverified':
      return 'Google has not verified this email address, so it cannot be used to sign in.';
    case 'unavailable':
      return 'The sign-in service is unavailable right now. Try again shortly.';
    default:
      return 'Sign-in did not complete. Try again.';
  }
}
