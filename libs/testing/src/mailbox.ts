import { infra } from './infra';
import { waitFor, type WaitForOptions } from './wait';

export interface MailAddress {
  address: string;
  name?: string;
}

/** The part of maildev's email JSON that tests use. */
export interface CaughtEmail {
  id: string;
  subject: string;
  from: MailAddress[];
  to: MailAddress[];
  cc?: MailAddress[];
  text?: string;
  html?: string;
  /** When maildev received it (ISO string). */
  time: string;
  headers: Record<string, string | string[]>;
}

async function call(method: 'GET' | 'DELETE', route: string): Promise<unknown> {
  const res = await fetch(`${infra.maildev.apiUrl}${route}`, { method });
  if (!res.ok) throw new Error(`maildev ${method} ${route}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

/**
 * The SMTP catcher's inbox, through maildev's REST API. Several suites may run at once against
 * the same maildev: match your own emails (unique subject or recipient) rather than counting or
 * clearing the whole inbox; `clear()` is for suites that own the mailbox.
 */
export const mailbox = {
  async list(): Promise<CaughtEmail[]> {
    const body = await call('GET', '/email');
    if (!Array.isArray(body)) throw new Error('maildev GET /email: expected an array');
    return body as CaughtEmail[];
  },
  /** Deletes every caught email. */
  async clear(): Promise<void> {
    await call('DELETE', '/email/all');
  },
  async remove(id: string): Promise<void> {
    await call('DELETE', `/email/${encodeURIComponent(id)}`);
  },
  /** Resolves with the first email matching `predicate`, polling until the timeout. */
  async waitFor(
    predicate: (email: CaughtEmail) => boolean,
    options: WaitForOptions = {},
  ): Promise<CaughtEmail> {
    return waitFor(async () => (await mailbox.list()).find(predicate), {
      timeoutMs: 15_000,
      intervalMs: 200,
      message: 'an email matching the predicate',
      ...options,
    });
  },
  /** Resolves with the first email whose subject is exactly `subject`. */
  async waitForSubject(subject: string, options: WaitForOptions = {}): Promise<CaughtEmail> {
    return mailbox.waitFor((e) => e.subject === subject, {
      message: `an email with subject "${subject}"`,
      ...options,
    });
  },
};
