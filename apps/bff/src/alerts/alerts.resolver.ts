import { Args, ID, Int, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { EXPECTED_ITEMS, listOf, pageOf } from '../graphql/complexity';
import { Scope, SignedIn } from '../graphql/context';
import { RequestScope } from '../graphql/request-scope';
import { AlertHistoryPage, AlertRule, Game, Studio } from '../models/core.models';
import { AlertRuleRefInput, CreateAlertRuleInput, UpdateAlertRuleInput } from './alerts.inputs';
import { AlertsService } from './alerts.service';

const PAGE = { type: () => Int, nullable: true, defaultValue: 50, description: 'Page size, 1 to 100' };
const AFTER = { type: () => String, nullable: true, description: 'nextCursor of the previous page' };

@Resolver(() => Game)
export class GameAlertsResolver {
  constructor(private readonly alerts: AlertsService) {}

  @ResolveField(() => [AlertRule], { complexity: listOf(EXPECTED_ITEMS.alertRules) })
  alertRules(@Scope() scope: RequestScope, @Parent() game: Game): Promise<AlertRule[]> {
    return this.alerts.rules(scope, game);
  }

  @ResolveField(() => AlertRule, { description: 'One alert rule of this game; NOT_FOUND otherwise.' })
  alertRule(
    @Scope() scope: RequestScope,
    @Parent() game: Game,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<AlertRule> {
    return this.alerts.rule(scope, game, id);
  }

  @ResolveField(() => AlertHistoryPage, { complexity: pageOf(50), description: 'Firings, newest first' })
  alertHistory(
    @Scope() scope: RequestScope,
    @Parent() game: Game,
    @Args('first', PAGE) first: number,
    @Args('after', AFTER) after?: string,
    @Args('ruleId', { type: () => ID, nullable: true }) ruleId?: string,
  ): Promise<AlertHistoryPage> {
    return this.alerts.history(scope, game.studioId, { gameId: game.id, ruleId, first, after });
  }
}

@Resolver(() => Studio)
export class StudioAlertsResolver {
  constructor(private readonly alerts: AlertsService) {}

  @ResolveField(() => AlertHistoryPage, {
    complexity: pageOf(50),
    description: 'Firings of every game, newest first',
  })
  alertHistory(
    @Scope() scope: RequestScope,
    @Parent() studio: Studio,
    @Args('first', PAGE) first: number,
    @Args('after', AFTER) after?: string,
  ): Promise<AlertHistoryPage> {
    return this.alerts.history(scope, studio.id, { first, after });
  }
}

@Resolver(() => AlertRule)
export class AlertRulesResolver {
  constructor(private readonly alerts: AlertsService) {}

  @Mutation(() => AlertRule, { description: 'Admins and owners.' })
  @SignedIn()
  createAlertRule(
    @Scope() scope: RequestScope,
    @Args('input') input: CreateAlertRuleInput,
  ): Promise<AlertRule> {
    return this.alerts.create(scope, input);
  }

  @Mutation(() => AlertRule, { description: 'Only the fields given change.' })
  @SignedIn()
  updateAlertRule(
    @Scope() scope: RequestScope,
    @Args('input') input: UpdateAlertRuleInput,
  ): Promise<AlertRule> {
    return this.alerts.update(scope, input);
  }

  @Mutation(() => Boolean)
  @SignedIn()
  deleteAlertRule(@Scope() scope: RequestScope, @Args('input') input: AlertRuleRefInput): Promise<boolean> {
    return this.alerts.delete(scope, input);
  }
}
