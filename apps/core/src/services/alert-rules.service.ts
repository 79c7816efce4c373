import { Injectable } from '@nestjs/common';
import { errors, type FieldError } from '@gt/service-kit';
import { isUniqueViolation } from '../database/database-errors';
import { AlertRulesRepository, type AlertRuleFields } from '../repositories/alert-rules.repository';
import { AuditRepository } from '../repositories/audit.repository';
import { StudiosRepository } from '../repositories/studios.repository';
import type {
  AlertRuleDto,
  AlertRuleFeedDto,
  CreateAlertRuleDto,
  UpdateAlertRuleDto,
} from '../dtos/alert-rule.dto';
import type { GameDto } from '../dtos/game.dto';
import { coreErrors } from '../common/errors';
import { AccessService } from './access.service';
import { GamesService } from './games.service';

type RuleInput = Omit<AlertRuleFields, 'eventType' | 'eventName' | 'windowSeconds' | 'cooldownSeconds'> & {
  eventType?: AlertRuleFields['eventType'];
  eventName?: string | null;
  windowSeconds?: number | null;
  cooldownSeconds?: number | null;
};

/**
 * Checks the fields that depend on each other and fills defaults:
 * - players_reached: fires once ever when a game's distinct players reach the threshold, so
 *   no event filter, window or cool-down.
 * - event_count: counts events of a type (or design events of a name) in a tumbling window;
 *   a name alone implies type `design`; the cool-down defaults to the window.
 */
export function normalizeRule(input: RuleInput): AlertRuleFields {
  const problems: FieldError[] = [];
  const eventName = input.eventName ?? null;
  let eventType = input.eventType ?? null;
  const windowSeconds = input.windowSeconds ?? null;
  let cooldownSeconds = input.cooldownSeconds ?? null;
  const onlyForEventCount = (field: string) =>
    problems.push({
      field,
      code: 'onlyForEventCount',
      message: `${field} only applies to event_count rules`,
    });

  switch (input.kind) {
    case 'players_reached':
      if (eventType !== null) onlyForEventCount('eventType');
      if (eventName !== null) onlyForEventCount('eventName');
      if (windowSeconds !== null) onlyForEventCount('windowSeconds');
      if (cooldownSeconds !== null) onlyForEventCount('cooldownSeconds');
      break;
    case 'event_count':
      if (windowSeconds === null) {
        problems.push({
          field: 'windowSeconds',
          code: 'isRequired',
          message: 'windowSeconds is required for event_count rules',
        });
      }
      if (eventType === null && eventName === null) {
        problems.push({
          field: 'eventType',
          code: 'isRequired',
          message: 'event_count rules need an eventType or an eventName',
        });
      }
      if (eventName !== null && eventType === null) eventType = 'design';
      if (eventName !== null && eventType !== 'design') {
        problems.push({
          field: 'eventName',
          code: 'onlyForDesign',
          message: 'eventName applies to design events only',
        });
      }
      cooldownSeconds ??= windowSeconds;
      break;
  }
  if (problems.length) throw errors.validation(problems);
  return {
    name: input.name,
    kind: input.kind,
    threshold: input.threshold,
    eventType,
    eventName,
    windowSeconds,
    cooldownSeconds,
    recipients: [...new Set(input.recipients.map((r) => r.toLowerCase()))],
    enabled: input.enabled,
  };
}

@Injectable()
export class AlertRulesService {
  constructor(
    private readonly access: AccessService,
    private readonly games: GamesService,
    private readonly rules: AlertRulesRepository,
    private readonly studios: StudiosRepository,
    private readonly audit: AuditRepository,
  ) {}

  async create(
    studioId: string,
    userId: string,
    gameId: string,
    body: CreateAlertRuleDto,
  ): Promise<AlertRuleDto> {
    const fields = normalizeRule({ ...body, enabled: body.enabled ?? true });
    return this.access.asMember(studioId, userId, 'admin', async () => {
      const game = await this.games.requireActive(gameId);
      const rule = await this.uniqueName(() => this.rules.insert(gameId, fields, userId));
      await this.project(rule, game);
      await this.audit.insert({ kind: 'user', userId }, 'alert_rule.created', 'alert_rule', rule.id, {
        gameId,
        ...fields,
      });
      return rule;
    });
  }

  async list(studioId: string, userId: string, gameId: string): Promise<AlertRuleDto[]> {
    return this.access.asMember(studioId, userId, 'member', async () => {
      await this.games.require(gameId);
      return this.rules.list(gameId);
    });
  }

  async get(studioId: string, userId: string, gameId: string, ruleId: string): Promise<AlertRuleDto> {
    return this.access.asMember(
      studioId,
      userId,
      'member',
      async () => (await this.requireRule(gameId, ruleId)).rule,
    );
  }

  /** PATCH semantics: absent fields stay, null clears an optional field; the result is re-checked whole. */
  async update(
    studioId: string,
    userId: string,
    gameId: string,
    ruleId: string,
    patch: UpdateAlertRuleDto,
  ): Promise<AlertRuleDto> {
    return this.access.asMember(studioId, userId, 'admin', async () => {
      const { rule, game } = await this.requireRule(gameId, ruleId, true);
      const pick = <K extends keyof UpdateAlertRuleDto & keyof AlertRuleDto>(k: K) =>
        patch[k] !== undefined ? patch[k] : rule[k];
      const kindChanged = patch.kind !== undefined && patch.kind !== rule.kind;
      const fields = normalizeRule({
        name: pick('name') ?? rule.name,
        kind: pick('kind') ?? rule.kind,
        threshold: pick('threshold') ?? rule.threshold,
        recipients: pick('recipients') ?? rule.recipients,
        enabled: pick('enabled') ?? rule.enabled,
        // Switching kind drops the other kind's settings unless the patch restates them.
        eventType: kindChanged && patch.eventType === undefined ? null : pick('eventType'),
        eventName: kindChanged && patch.eventName === undefined ? null : pick('eventName'),
        windowSeconds: kindChanged && patch.windowSeconds === undefined ? null : pick('windowSeconds'),
        cooldownSeconds: kindChanged && patch.cooldownSeconds === undefined ? null : pick('cooldownSeconds'),
      });
      const updated = await this.uniqueName(() => this.rules.update(ruleId, fields));
      await this.project(updated, game);
      await this.audit.insert({ kind: 'user', userId }, 'alert_rule.updated', 'alert_rule', ruleId, {
        gameId,
        ...fields,
      });
      return updated;
    });
  }

  async setEnabled(
    studioId: string,
    userId: string,
    gameId: string,
    ruleId: string,
    enabled: boolean,
  ): Promise<AlertRuleDto> {
    return this.access.asMember(studioId, userId, 'admin', async () => {
      const { rule, game } = await this.requireRule(gameId, ruleId, true);
      if (rule.enabled === enabled) return rule;
      const updated = await this.rules.update(ruleId, { ...rule, enabled });
      await this.project(updated, game);
      await this.audit.insert(
        { kind: 'user', userId },
        enabled ? 'alert_rule.enabled' : 'alert_rule.disabled',
        'alert_rule',
        ruleId,
        {
          gameId,
          name: rule.name,
        },
      );
      return updated;
    });
  }

  /** Soft delete: alert history keeps pointing at the rule, and pollers see the deletion. */
  async delete(studioId: string, userId: string, gameId: string, ruleId: string): Promise<void> {
    await this.access.asMember(studioId, userId, 'admin', async () => {
      const { rule, game } = await this.requireRule(gameId, ruleId, true);
      const deleted = await this.rules.softDelete(ruleId);
      await this.project(deleted, game);
      await this.audit.insert({ kind: 'user', userId }, 'alert_rule.deleted', 'alert_rule', ruleId, {
        gameId,
        name: rule.name,
      });
    });
  }

  /** The cross-tenant feed for alerting (internal). */
  async feed(updatedSince: string | undefined): Promise<AlertRuleFeedDto> {
    return this.rules.feed(updatedSince ?? null);
  }

  private async requireRule(
    gameId: string,
    ruleId: string,
    forUpdate = false,
  ): Promise<{ rule: AlertRuleDto; game: GameDto }> {
    const game = await this.games.require(gameId);
    const rule = await this.rules.get(gameId, ruleId, { forUpdate });
    if (!rule) throw coreErrors.alertRuleNotFound();
    return { rule, game };
  }

  private async project(rule: AlertRuleDto, game: GameDto): Promise<void> {
    const studioName = (await this.studios.findName(rule.studioId)) ?? '';
    await this.rules.syncIndex(rule, studioName, game.name);
  }

  private async uniqueName(write: () => Promise<AlertRuleDto>): Promise<AlertRuleDto> {
    try {
      return await write();
    } catch (e) {
      if (isUniqueViolation(e, 'alert_rules_name_key')) throw coreErrors.alertRuleNameTaken();
      throw e;
    }
  }
}
