import { Inject, Injectable } from '@nestjs/common';
import { CoreClientError, createCoreClient, unwrap, type CoreClient } from '@gt/core-client';
import { ALERTING_CONFIG, type AlertingConfig } from '../config';
import type { HistoryStatus } from '../alerts/firing';
import type { AlertRule } from '../rules/alert-rule';

/** Core could not be reached or answered 5xx: try again later. */
export class CoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CoreUnavailableError';
  }
}

/** Core refused the request (4xx): retrying the same request will not help. */
export class CoreRejectedError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'CoreRejectedError';
  }
}

export interface RuleFeed {
  rules: AlertRule[];
  serverTime: string;
}

export interface RecordAlert {
  ruleId: string;
  firedAt: string;
  observedValue: number;
  threshold: number;
  firingKey: string;
  deliveryStatus: HistoryStatus;
  detail?: string;
}

export interface UpdateAlertDelivery {
  deliveryStatus: HistoryStatus;
  detail?: string;
  deliveredAt?: string;
}

export interface HistoryEntry {
  id: string;
  deliveryStatus: HistoryStatus;
}

/** What the alerting service needs from core: the rule feed and the alert history. */
export abstract class CoreRepository {
  abstract listRules(updatedSince: string | null): Promise<RuleFeed>;
  abstract recordAlert(studioId: string, body: RecordAlert): Promise<HistoryEntry>;
  abstract updateAlertDelivery(studioId: string, historyId: string, body: UpdateAlertDelivery): Promise<void>;
}

/** Core's wire format of a rule: absent values are null there, optional here. */
export interface WireRule extends Omit<
  AlertRule,
  'eventType' | 'eventName' | 'windowSeconds' | 'cooldownSeconds' | 'deletedAt'
> {
  eventType?: AlertRule['eventType'] | null;
  eventName?: string | null;
  windowSeconds?: number | null;
  cooldownSeconds?: number | null;
  deletedAt?: string | null;
}

export function fromWire(rule: WireRule): AlertRule {
  return {
    id: rule.id,
    studioId: rule.studioId,
    studioName: rule.studioName,
    gameId: rule.gameId,
    gameName: rule.gameName,
    name: rule.name,
    kind: rule.kind,
    threshold: rule.threshold,
    ...(rule.eventType ? { eventType: rule.eventType } : {}),
    ...(rule.eventName ? { eventName: rule.eventName } : {}),
    ...(rule.windowSeconds != null ? { windowSeconds: rule.windowSeconds } : {}),
    ...(rule.cooldownSeconds != null ? { cooldownSeconds: rule.cooldownSeconds } : {}),
    recipients: [...rule.recipients],
    enabled: rule.enabled,
    updatedAt: rule.updatedAt,
    ...(rule.deletedAt ? { deletedAt: rule.deletedAt } : {}),
  };
}

/** Core through its generated client (libs/core-client), with the service credential. */
@Injectable()
export class HttpCoreRepository extends CoreRepository {
  private readonly client: CoreClient;

  constructor(@Inject(ALERTING_CONFIG) config: Pick<AlertingConfig, 'CORE_URL' | 'SERVICE_TOKEN'>) {
    super();
    this.client = createCoreClient({
      baseUrl: config.CORE_URL,
      serviceToken: config.SERVICE_TOKEN,
      timeoutMs: 5000,
    });
  }

  async listRules(updatedSince: string | null): Promise<RuleFeed> {
    const feed = await call(
      unwrap(
        this.client.GET('/internal/alert-rules', { params: { query: updatedSince ? { updatedSince } : {} } }),
      ),
    );
    return { rules: feed.rules.map(fromWire), serverTime: feed.serverTime };
  }

  async recordAlert(studioId: string, body: RecordAlert): Promise<HistoryEntry> {
    const entry = await call(
      unwrap(
        this.client.POST('/internal/studios/{studioId}/alert-history', {
          params: { path: { studioId } },
          body,
        }),
      ),
    );
    return { id: entry.id, deliveryStatus: entry.deliveryStatus };
  }

  async updateAlertDelivery(studioId: string, historyId: string, body: UpdateAlertDelivery): Promise<void> {
    await call(
      unwrap(
        this.client.PATCH('/internal/studios/{studioId}/alert-history/{historyId}', {
          params: { path: { studioId, historyId } },
          body,
        }),
      ),
    );
  }
}

/** The client's errors, as this service's: unavailable (retry later) or rejected (do not). */
async function call<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (e) {
    if (e instanceof CoreClientError)
      throw new CoreRejectedError(`core refused: ${e.status} ${e.code}: ${e.message}`, e.status);
    throw new CoreUnavailableError(e instanceof Error ? e.message : String(e), { cause: e });
  }
}
