import type { Platform } from '@gt/contracts';
import type { SigningPolicy } from '../signing/request-signature';

/** What a valid key tells ingestion about its sender: it goes into every envelope. */
export interface KeyIdentity {
  keyId: string;
  studioId: string;
  gameId: string;
  gameClientId: string;
  platform: Platform;
  /** Whether requests must carry X-Signature, and the secrets to check it with. Never leaves ingestion. */
  signing: SigningPolicy;
}

export type KeyVerdict =
  | { status: 'active'; identity: KeyIdentity; cacheTtlSeconds?: number }
  | { status: 'revoked' | 'unknown' | 'expired'; cacheTtlSeconds?: number };

/** The directory of keys could not answer (down, timing out, or answering 5xx). */
export class KeyDirectoryUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KeyDirectoryUnavailableError';
  }
}

/**
 * Where keys are looked up. Core in production (CoreKeysClient); tests substitute their own.
 * An abstract class rather than an interface so it can be Nest's injection token.
 */
export abstract class KeyDirectory {
  /** Resolves with core's verdict; rejects with KeyDirectoryUnavailableError when core cannot answer. */
  abstract lookup(key: string): Promise<KeyVerdict>;
}
