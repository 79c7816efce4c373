import { Injectable } from '@nestjs/common';
import { AlertHistoryRepository } from '../repositories/alert-history.repository';
import { AlertRulesRepository } from '../repositories/alert-rules.repository';
import type {
  AlertHistoryDto,
  AlertHistoryQuery,
  RecordAlertDto,
  UpdateAlertDeliveryDto,
} from '../dtos/alert-history.dto';
import { LIMITS } from '../common/domain';
import { coreErrors } from '../common/errors';
import { decodeCursor, type Page } from '../common/pagination';
import { AccessService } from './access.service';

@Injectable()
export class AlertHistoryService {
  constructor(
    private readonly access: AccessService,
    private readonly history: AlertHistoryRepository,
    private readonly rules: AlertRulesRepository,
  ) {}

  /** Idempotent on firingKey: a retried POST returns the entry the first one made. */
  async record(
    studioId: string,
    body: RecordAlertDto,
  ): Promise<{ entry: AlertHistoryDto; created: boolean }> {
    return this.access.asService(studioId, async () => {
      const rule = await this.rules.findAnyById(body.ruleId);
      if (!rule) throw coreErrors.alertRuleNotFound();
      return this.history.insertOnce({
        ruleId: rule.id,
        gameId: rule.gameId,
        firedAt: body.firedAt,
        observedValue: body.observedValue,
        threshold: body.threshold,
        firingKey: body.firingKey,
        deliveryStatus: body.deliveryStatus,
        detail: body.detail ?? null,
      });
    });
  }

  async updateDelivery(
    studioId: string,
    historyId: string,
    body: UpdateAlertDeliveryDto,
  ): Promise<AlertHistoryDto> {
    return this.access.asService(studioId, async () => {
      const found = await this.history.updateDelivery(
        historyId,
        body.deliveryStatus,
        body.detail,
        body.deliveredAt ?? null,
      );
      if (!found) throw coreErrors.alertHistoryNotFound();
      return (await this.history.get(historyId))!;
    });
  }

  async list(studioId: string, userId: string, q: AlertHistoryQuery): Promise<Page<AlertHistoryDto>> {
    const cursor = decodeCursor(q.cursor);
    return this.access.asMember(studioId, userId, 'member', () =>
      this.history.list({ gameId: q.gameId, ruleId: q.ruleId }, cursor, q.limit ?? LIMITS.pageSizeDefault),
    );
  }
}
