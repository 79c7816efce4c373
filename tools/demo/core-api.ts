// Provisioning through core's REST API with the typed client (libs/core-client): a user, a
// studio, a game, a game client and an API key. Used by the demo seed, ingestion's integration
// tests and the ingestion benchmark, so all three make keys exactly the way a developer would.
import { createCoreClient, unwrap, type CoreClient, type CorePlatform } from '@gt/core-client';

export interface ProvisionedKey {
  userId: string;
  studioId: string;
  gameId: string;
  gameClientId: string;
  keyId: string;
  /** The secret, shown by core once. */
  key: string;
  platform: CorePlatform;
}

export class CoreProvisioning {
  private readonly service: CoreClient;

  constructor(
    private readonly baseUrl: string,
    private readonly serviceToken: string,
  ) {
    this.service = createCoreClient({ baseUrl, serviceToken, timeoutMs: 15_000 });
  }

  /** Acting for a user (x-user-id), as the BFF does. */
  as(userId: string): CoreClient {
    return createCoreClient({
      baseUrl: this.baseUrl,
      serviceToken: this.serviceToken,
      userId,
      timeoutMs: 15_000,
    });
  }

  /** The development sign-in the BFF offers (synthetic Google subject `dev:<email>`): creates the user once. */
  async signIn(email: string, name: string): Promise<string> {
    const user = await unwrap(
      this.service.POST('/internal/users/google', { body: { googleSubject: `dev:${email}`, email, name } }),
    );
    return user.id;
  }

  /** A fresh studio, game, client and key (tests and benchmarks: every call makes new ones). */
  async provision(label: string, platform: CorePlatform = 'web'): Promise<ProvisionedKey> {
    const email = `${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${Date.now().toString(36)}@example.com`;
    const userId = await this.signIn(email, label);
    const core = this.as(userId);
    const studio = await unwrap(core.POST('/studios', { body: { name: `${label} Studio` } }));
    const game = await unwrap(
      core.POST('/studios/{studioId}/games', {
        params: { path: { studioId: studio.id } },
        body: { name: `${label} Game` },
      }),
    );
    return {
      userId,
      studioId: studio.id,
      gameId: game.id,
      ...(await this.newClientAndKey(core, studio.id, game.id, `${label} ${platform}`, platform)),
    };
  }

  async newClientAndKey(
    core: CoreClient,
    studioId: string,
    gameId: string,
    name: string,
    platform: CorePlatform,
  ): Promise<Omit<ProvisionedKey, 'userId' | 'studioId' | 'gameId'>> {
    const client = await unwrap(
      core.POST('/studios/{studioId}/games/{gameId}/clients', {
        params: { path: { studioId, gameId } },
        body: { name, platform },
      }),
    );
    const created = await this.newKey(core, studioId, gameId, client.id, `${name} key`);
    return { gameClientId: client.id, platform, ...created };
  }

  async newKey(
    core: CoreClient,
    studioId: string,
    gameId: string,
    clientId: string,
    name: string,
  ): Promise<{ keyId: string; key: string }> {
    const created = await unwrap(
      core.POST('/studios/{studioId}/games/{gameId}/clients/{clientId}/api-keys', {
        params: { path: { studioId, gameId, clientId } },
        body: { name },
      }),
    );
    return { keyId: created.apiKey.id, key: created.secret };
  }

  async revoke(
    k: Pick<ProvisionedKey, 'userId' | 'studioId' | 'gameId' | 'gameClientId' | 'keyId'>,
  ): Promise<void> {
    await unwrap(
      this.as(k.userId).POST(
        '/studios/{studioId}/games/{gameId}/clients/{clientId}/api-keys/{keyId}/revoke',
        {
          params: {
            path: { studioId: k.studioId, gameId: k.gameId, clientId: k.gameClientId, keyId: k.keyId },
          },
        },
      ),
    );
  }

  /**
   * A new signing secret for the key's game client (the current one, if any, keeps verifying for
   * `graceHours`), and optionally the requirement that every request be signed.
   */
  async signingSecret(
    k: Pick<ProvisionedKey, 'userId' | 'studioId' | 'gameId' | 'gameClientId'>,
    opts: { graceHours?: number; require?: boolean } = {},
  ): Promise<string> {
    const core = this.as(k.userId);
    const path = { studioId: k.studioId, gameId: k.gameId, clientId: k.gameClientId };
    const created = await unwrap(
      core.POST('/studios/{studioId}/games/{gameId}/clients/{clientId}/signing/secrets', {
        params: { path },
        body: opts.graceHours === undefined ? {} : { graceHours: opts.graceHours },
      }),
    );
    if (opts.require !== undefined) await this.requireSigning(k, opts.require);
    return created.secret;
  }

  async requireSigning(
    k: Pick<ProvisionedKey, 'userId' | 'studioId' | 'gameId' | 'gameClientId'>,
    required: boolean,
  ): Promise<void> {
    await unwrap(
      this.as(k.userId).PUT('/studios/{studioId}/games/{gameId}/clients/{clientId}/signing', {
        params: { path: { studioId: k.studioId, gameId: k.gameId, clientId: k.gameClientId } },
        body: { required },
      }),
    );
  }

  /** Core's verdict on a key (the lookup ingestion makes). */
  async keyStatus(key: string): Promise<string> {
    return (await unwrap(this.service.POST('/internal/api-keys/validate', { body: { key } }))).status;
  }
}
