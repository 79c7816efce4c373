import { Inject, Injectable, Logger } from '@nestjs/common';
import { PLATFORMS, type Platform } from '@gt/contracts';
import {
  createCoreClient,
  CoreClientError,
  CoreUnavailableError,
  unwrap,
  type CoreApiKeyValidation,
  type CoreClient,
} from '@gt/core-client';
import { currentRequestId } from '@gt/service-kit';
import { INGESTION_CONFIG, type IngestionConfig } from '../config';
import { NO_SIGNING } from '../signing/request-signature';
import { KeyDirectory, KeyDirectoryUnavailableError, type KeyVerdict } from './key-directory';

/** Core's key lookup (POST /internal/api-keys/validate): the only place ingestion talks to core. */
@Injectable()
export class CoreKeysClient extends KeyDirectory {
  private readonly log = new Logger(CoreKeysClient.name);
  private readonly core: CoreClient;

  constructor(@Inject(INGESTION_CONFIG) config: IngestionConfig) {
    super();
    this.core = createCoreClient({
      baseUrl: config.CORE_URL,
      serviceToken: config.SERVICE_TOKEN,
      timeoutMs: config.CORE_TIMEOUT_MS,
      requestId: currentRequestId,
    });
  }

  async lookup(key: string): Promise<KeyVerdict> {
    try {
      return toVerdict(await unwrap(this.core.POST('/internal/api-keys/validate', { body: { key } })));
    } catch (e) {
      if (e instanceof CoreUnavailableError) {
        throw new KeyDirectoryUnavailableError(`core did not answer (${e.code}): ${e.message}`, { cause: e });
      }
      if (e instanceof CoreClientError) {
        // Core checks the shape too; we only ask about keys that passed the same check, so a
        // refusal here means the two disagree, and the key is not one core would accept.
        if (e.code === 'KEY_MALFORMED' || e.code === 'KEY_BAD_CHECKSUM') return { status: 'unknown' };
        // SERVICE_CREDENTIAL_REQUIRED: our SERVICE_TOKEN is wrong. An operator must fix it;
        // clients can only wait, so they get 503 rather than a 401 about their own key.
        this.log.error(`core refused a key lookup: ${e.status} ${e.code}: ${e.message}`);
        throw new KeyDirectoryUnavailableError(`core refused the lookup: ${e.code}`, { cause: e });
      }
      throw e;
    }
  }
}

export function toVerdict(body: CoreApiKeyValidation): KeyVerdict {
  const ttl = { cacheTtlSeconds: body.cacheTtlSeconds };
  switch (body.status) {
    case 'active': {
      const { keyId, studioId, gameId, gameClientId } = body;
      if (!keyId || !studioId || !gameId || !gameClientId) {
        throw new KeyDirectoryUnavailableError('core answered an active key without its identity');
      }
      return {
        status: 'active',
        identity: {
          keyId,
          studioId,
          gameId,
          gameClientId,
          platform: toPlatform(body.platform),
          // A core without request signing answers no policy: nothing to check.
          signing: body.signing
            ? { required: body.signing.required, secrets: body.signing.secrets }
            : NO_SIGNING,
        },
        ...ttl,
      };
    }
    case 'revoked':
    case 'unknown':
    case 'expired':
      return { status: body.status, ...ttl };
  }
}

/** Core may know platforms the envelope does not (yet): those travel as `other`. */
function toPlatform(value: string | undefined): Platform {
  return (PLATFORMS as readonly string[]).includes(value ?? '') ? (value as Platform) : 'other';
}
