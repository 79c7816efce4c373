import DataLoader from 'dataloader';
import { type AuthService, credentialKey } from '../auth/auth.service';
import type { Credential } from '../auth/credentials';
import type { Principal } from '../auth/principal';
import { bffErrors } from './errors';

/**
 * Memoised downstream calls for one GraphQL request. Every read goes through `load(endpoint,
 * args, fetch)`: the same endpoint with the same arguments is called at most once per request,
 * however many fields ask for it (aliases, the same game reached twice), and calls made in the
 * same tick start together. Core and metrics have no batch endpoints for these reads, so the
 * batch function issues the distinct calls in parallel rather than merging them.
 */
export class RequestLoaders {
  private readonly loaders = new Map<string, DataLoader<string, unknown>>();
  private readonly primed = new Map<string, Map<string, unknown>>();

  load<A, T>(endpoint: string, args: A, fetch: (args: A) => Promise<T>): Promise<T> {
    const key = JSON.stringify(args);
    const known = this.primed.get(endpoint);
    if (known?.has(key)) return Promise.resolve(known.get(key) as T);
    let loader = this.loaders.get(endpoint) as DataLoader<string, T> | undefined;
    if (!loader) {
      loader = new DataLoader<string, T>(
        (keys) =>
          Promise.all(
            keys.map((k) =>
              fetch(JSON.parse(k) as A).then(
                (v) => v,
                // DataLoader wants errors as values so one failed key does not fail the others.
                (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
              ),
            ),
          ),
        { maxBatchSize: 50 },
      );
      this.loaders.set(endpoint, loader as DataLoader<string, unknown>);
    }
    return loader.load(key);
  }

  /** Seeds a result the request already has (a listed game answers a later get of that game). */
  prime<A, T>(endpoint: string, args: A, value: T): void {
    let known = this.primed.get(endpoint);
    if (!known) this.primed.set(endpoint, (known = new Map()));
    known.set(JSON.stringify(args), value);
  }

  /** After a write, later reads in the same request must see it. */
  clear(): void {
    for (const l of this.loaders.values()) l.clearAll();
    this.primed.clear();
  }
}

/** Request metadata passed on to core when a session is created, and used for rate limiting. */
export interface RequestMeta {
  ip: string;
  userAgent?: string;
  origin?: string;
}

/**
 * Everything a resolver needs about the current request: who it is (resolved lazily and once,
 * so public fields never cost a call to core) and its loaders.
 */
export class RequestScope {
  readonly loaders = new RequestLoaders();
  /** One clock reading per request: relative ranges ("last hour") mean the same thing in every field. */
  readonly now = new Date();
  /** The credential, hashed: its rate-limit bucket once core confirmed it. */
  readonly credentialKey: string | null;
  private principalPromise?: Promise<Principal | null>;

  constructor(
    readonly credential: Credential | null,
    readonly meta: RequestMeta,
    private readonly auth: AuthService,
  ) {
    this.credentialKey =
      credential && credential.kind !== 'malformed-bearer' ? credentialKey(credential) : null;
  }

  principal(): Promise<Principal | null> {
    this.principalPromise ??= this.credential ? this.auth.resolve(this.credential) : Promise.resolve(null);
    return this.principalPromise;
  }

  /** The principal, or UNAUTHENTICATED. Core being down surfaces as UPSTREAM_UNAVAILABLE instead. */
  async requireUser(): Promise<Principal> {
    const p = await this.principal();
    if (p) return p;
    if (this.credential?.kind === 'malformed-bearer') {
      throw bffErrors.unauthenticated('Authorization must be "Bearer gtp_..." with a personal access token');
    }
    throw bffErrors.unauthenticated(
      this.credential ? 'The session or token is not valid (expired or revoked); sign in again' : undefined,
    );
  }

  /**
   * A read on behalf of the caller, memoised for this request: `endpoint` names the downstream
   * route, `args` are everything that distinguishes one call from another.
   */
  async read<A, T>(endpoint: string, args: A, fetch: (userId: string, args: A) => Promise<T>): Promise<T> {
    const { user } = await this.requireUser();
    return this.loaders.load(endpoint, args, (a) => fetch(user.id, a));
  }

  /** A write on behalf of the caller; later reads in this request see its effect. */
  async write<T>(change: (userId: string) => Promise<T>): Promise<T> {
    const { user } = await this.requireUser();
    try {
      return await change(user.id);
    } finally {
      this.loaders.clear();
    }
  }

  /** For long-lived subscriptions: ask again (within the cache time) whether the credential still holds. */
  refreshPrincipal(): Promise<Principal> {
    this.principalPromise = undefined;
    return this.requireUser();
  }
}
