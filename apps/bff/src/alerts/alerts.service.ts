import { Injectable } from '@nestjs/common';
import { CoreGateway } from '../downstream/core.gateway';
import { pageSize } from '../graphql/paging';
import type { RequestScope } from '../graphql/request-scope';
import type { AlertHistoryPage, AlertRule, Game } from '../models/core.models';
import type { AlertRuleRefInput, CreateAlertRuleInput, UpdateAlertRuleInput } from './alerts.inputs';

/** Alert rules and the history of their firings (core; the alerting service evaluates them). */
@Injectable()
export class AlertsService {
  constructor(private readonly core: CoreGateway) {}

  rules(scope: RequestScope, game: Pick<Game, 'studioId' | 'id'>): Promise<AlertRule[]> {
    return scope.read('core.rules.list', { studioId: game.studioId, gameId: game.id }, (u, a) =>
      this.core.listAlertRules(u, a.studioId, a.gameId),
    );
  }

  rule(scope: RequestScope, game: Pick<Game, 'studioId' | 'id'>, ruleId: string): Promise<AlertRule> {
    return scope.read('core.rules.get', { studioId: game.studioId, gameId: game.id, ruleId }, (u, a) =>
      this.core.getAlertRule(u, a),
    );
  }

  history(
    scope: RequestScope,
    studioId: string,
    filter: { gameId?: string; ruleId?: string; first: number; after?: string },
  ): Promise<AlertHistoryPage> {
    const args = { studioId, ...filter, first: pageSize(filter.first) };
    return scope.read('core.alert-history.list', args, (u, a) =>
      this.core.alertHistory(u, a.studioId, {
        gameId: a.gameId,
        ruleId: a.ruleId,
        limit: a.first,
        cursor: a.after,
      }),
    );
  }

  create(scope: RequestScope, input: CreateAlertRuleInput): Promise<AlertRule> {
    const { studioId, gameId, ...fields } = input;
    return scope.write((u) => this.core.createAlertRule(u, studioId, gameId, fields));
  }

  update(scope: RequestScope, input: UpdateAlertRuleInput): Promise<AlertRule> {
    const { studioId, gameId, ruleId, ...fields } = input;
    return scope.write((u) => this.core.updateAlertRule(u, { studioId, gameId, ruleId }, fields));
  }

  async delete(scope: RequestScope, input: AlertRuleRefInput): Promise<boolean> {
    const { studioId, gameId, ruleId } = input;
    await scope.write((u) => this.core.deleteAlertRule(u, { studioId, gameId, ruleId }));
    return true;
  }
}
