import { Field, ID, InputType, Int } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsEnum,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { AlertRuleKind, EventType } from '../graphql/enums';
import { EMAIL_MAX, NAME_MAX } from '../studios/studios.inputs';

const RECIPIENTS_MAX = 20;
const THRESHOLD_MAX = 2_000_000_000;

@InputType()
export class AlertRuleRefInput {
  @Field(() => ID) @IsString() @IsNotEmpty() studioId!: string;
  @Field(() => ID) @IsString() @IsNotEmpty() gameId!: string;
  @Field(() => ID) @IsString() @IsNotEmpty() ruleId!: string;
}

@InputType()
export class CreateAlertRuleInput {
  @Field(() => ID) @IsString() @IsNotEmpty() studioId!: string;
  @Field(() => ID) @IsString() @IsNotEmpty() gameId!: string;
  @Field() @IsString() @IsNotEmpty() @MaxLength(NAME_MAX) name!: string;
  @Field(() => AlertRuleKind) @IsEnum(AlertRuleKind) kind!: AlertRuleKind;
  @Field(() => Int) @IsInt() @Min(1) @Max(THRESHOLD_MAX) threshold!: number;
  @Field(() => EventType, { nullable: true }) @IsOptional() @IsEnum(EventType) eventType?: EventType | null;
  @Field(() => String, { nullable: true, description: 'Design event name, e.g. Boss:Defeated' })
  @IsOptional()
  @IsString()
  @MaxLength(NAME_MAX)
  eventName?: string | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) windowSeconds?: number | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) cooldownSeconds?: number | null;
  @Field(() => [String], { description: 'Email addresses to notify' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(RECIPIENTS_MAX)
  @IsEmail({}, { each: true })
  @MaxLength(EMAIL_MAX, { each: true })
  recipients!: string[];
  @Field({ nullable: true, defaultValue: true }) @IsOptional() @IsBoolean() enabled?: boolean;
}

@InputType()
export class UpdateAlertRuleInput extends AlertRuleRefInput {
  @Field({ nullable: true }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(NAME_MAX) name?: string;
  @Field(() => AlertRuleKind, { nullable: true }) @IsOptional() @IsEnum(AlertRuleKind) kind?: AlertRuleKind;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(THRESHOLD_MAX) threshold?: number;
  @Field(() => EventType, { nullable: true }) @IsOptional() @IsEnum(EventType) eventType?: EventType | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(NAME_MAX) eventName?:
    string | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) windowSeconds?: number | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) cooldownSeconds?: number | null;
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(RECIPIENTS_MAX)
  @IsEmail({}, { each: true })
  recipients?: string[];
  @Field({ nullable: true }) @IsOptional() @IsBoolean() enabled?: boolean;
}
