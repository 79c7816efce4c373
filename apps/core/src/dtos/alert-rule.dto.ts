import { EVENT_LIMITS } from '@gt/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import {
  ALERT_EVENT_TYPES,
  ALERT_RULE_KINDS,
  LIMITS,
  type AlertEventType,
  type AlertRuleKind,
} from '../common/domain';
import { Trim } from './common.dto';

const lowerEmails = () =>
  Transform(({ value }: { value: unknown }) =>
    Array.isArray(value)
      ? value.map((v: unknown) => (typeof v === 'string' ? v.trim().toLowerCase() : v))
      : value,
  );

export class AlertRuleDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) studioId!: string;
  @ApiProperty({ format: 'uuid' }) gameId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ALERT_RULE_KINDS, enumName: 'AlertRuleKind' }) kind!: AlertRuleKind;
  @ApiProperty({ type: 'integer', minimum: 1 }) threshold!: number;
  @ApiProperty({ enum: ALERT_EVENT_TYPES, enumName: 'AlertEventType', nullable: true })
  eventType!: AlertEventType | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Design event name (event_count rules on design events)',
  })
  eventName!: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) windowSeconds!: number | null;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'event_count: minimum seconds between two firings (defaults to the window)',
  })
  cooldownSeconds!: number | null;
  @ApiProperty({ type: [String] }) recipients!: string[];
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deletedAt!: string | null;
}

export class AlertRuleListDto {
  @ApiProperty({ type: [AlertRuleDto] }) items!: AlertRuleDto[];
}

class AlertRuleFields {
  @ApiPropertyOptional({ enum: ALERT_EVENT_TYPES, enumName: 'AlertEventType', nullable: true })
  @IsOptional()
  @IsIn(ALERT_EVENT_TYPES)
  eventType?: AlertEventType | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: EVENT_LIMITS.designNameMaxLength,
    example: 'Boss:Defeated',
  })
  @IsOptional()
  @IsString()
  @MaxLength(EVENT_LIMITS.designNameMaxLength)
  @Matches(new RegExp(EVENT_LIMITS.designNamePattern), {
    message: 'eventName must be a design event name like Kill:Sword:Robot',
  })
  eventName?: string | null;

  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    minimum: LIMITS.windowSecondsMin,
    maximum: LIMITS.windowSecondsMax,
  })
  @IsOptional()
  @IsInt()
  @Min(LIMITS.windowSecondsMin)
  @Max(LIMITS.windowSecondsMax)
  windowSeconds?: number | null;

  @ApiPropertyOptional({ type: 'integer', nullable: true, minimum: 0, maximum: LIMITS.cooldownSecondsMax })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(LIMITS.cooldownSecondsMax)
  cooldownSeconds?: number | null;
}

export class CreateAlertRuleDto extends AlertRuleFields {
  @ApiProperty({ maxLength: LIMITS.nameMaxLength, example: '100 players' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.nameMaxLength)
  name!: string;

  @ApiProperty({ enum: ALERT_RULE_KINDS, enumName: 'AlertRuleKind' })
  @IsIn(ALERT_RULE_KINDS)
  kind!: AlertRuleKind;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 2_000_000_000 })
  @IsInt()
  @Min(1)
  @Max(2_000_000_000)
  threshold!: number;

  @ApiProperty({
    type: [String],
    format: 'email',
    description: 'Email addresses (a member is named by their email)',
  })
  @lowerEmails()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LIMITS.recipientsMax)
  @IsEmail({}, { each: true })
  recipients!: string[];

  @ApiPropertyOptional({ description: 'Default true' }) @IsOptional() @IsBoolean() enabled?: boolean;
}

export class UpdateAlertRuleDto extends AlertRuleFields {
  @ApiPropertyOptional({ maxLength: LIMITS.nameMaxLength })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.nameMaxLength)
  name?: string;

  @ApiPropertyOptional({ enum: ALERT_RULE_KINDS, enumName: 'AlertRuleKind' })
  @IsOptional()
  @IsIn(ALERT_RULE_KINDS)
  kind?: AlertRuleKind;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 2_000_000_000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2_000_000_000)
  threshold?: number;

  @ApiPropertyOptional({ type: [String], format: 'email' })
  @IsOptional()
  @lowerEmails()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LIMITS.recipientsMax)
  @IsEmail({}, { each: true })
  recipients?: string[];

  @ApiPropertyOptional() @IsOptional() @IsBoolean() enabled?: boolean;
}

export class InternalAlertRuleDto extends AlertRuleDto {
  @ApiProperty() studioName!: string;
  @ApiProperty() gameName!: string;
}

export class AlertRulesQuery {
  @ApiPropertyOptional({
    format: 'date-time',
    description:
      'Only rules changed after this time (including disabled and deleted ones); all live rules when omitted',
  })
  @IsOptional()
  @IsDateString({ strict: true })
  updatedSince?: string;
}

export class AlertRuleFeedDto {
  @ApiProperty({ type: [InternalAlertRuleDto] }) rules!: InternalAlertRuleDto[];
  @ApiProperty({ format: 'date-time', description: 'Pass as updatedSince on the next poll' })
  serverTime!: string;
}
