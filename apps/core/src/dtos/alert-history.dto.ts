import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsDateString,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { DELIVERY_STATUSES, LIMITS, type DeliveryStatus } from '../common/domain';
import { PageQuery } from './common.dto';

export class AlertHistoryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) studioId!: string;
  @ApiProperty({ format: 'uuid' }) gameId!: string;
  @ApiProperty({ format: 'uuid' }) ruleId!: string;
  @ApiProperty() ruleName!: string;
  @ApiProperty({ format: 'date-time' }) firedAt!: string;
  @ApiProperty({ type: 'integer' }) observedValue!: number;
  @ApiProperty({ type: 'integer' }) threshold!: number;
  @ApiProperty() firingKey!: string;
  @ApiProperty({ enum: DELIVERY_STATUSES, enumName: 'DeliveryStatus' }) deliveryStatus!: DeliveryStatus;
  @ApiProperty({ type: String, nullable: true }) detail!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class AlertHistoryPageDto {
  @ApiProperty({ type: [AlertHistoryDto] }) items!: AlertHistoryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class AlertHistoryQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() gameId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() ruleId?: string;
}

export class RecordAlertDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() ruleId!: string;
  @ApiProperty({ format: 'date-time' }) @IsDateString({ strict: true }) firedAt!: string;
  @ApiProperty({ type: 'integer', minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  observedValue!: number;
  @ApiProperty({ type: 'integer', minimum: 1 }) @IsInt() @Min(1) @Max(2_000_000_000) threshold!: number;
  @ApiProperty({
    maxLength: LIMITS.firingKeyMaxLength,
    description: 'Identifies one firing; a repeated POST returns the existing entry',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.firingKeyMaxLength)
  firingKey!: string;
  @ApiProperty({ enum: DELIVERY_STATUSES, enumName: 'DeliveryStatus' })
  @IsIn(DELIVERY_STATUSES)
  deliveryStatus!: DeliveryStatus;
  @ApiPropertyOptional({ maxLength: LIMITS.detailMaxLength })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.detailMaxLength)
  detail?: string;
}

export class UpdateAlertDeliveryDto {
  @ApiProperty({ enum: DELIVERY_STATUSES, enumName: 'DeliveryStatus' })
  @IsIn(DELIVERY_STATUSES)
  deliveryStatus!: DeliveryStatus;
  @ApiPropertyOptional({ maxLength: LIMITS.detailMaxLength })
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.detailMaxLength)
  detail?: string;
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Defaults to now when the status becomes delivered',
  })
  @IsOptional()
  @IsDateString({ strict: true })
  deliveredAt?: string;
}
