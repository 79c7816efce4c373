import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import {
  KEY_STATUSES,
  KEY_VALIDATION_STATUSES,
  LIMITS,
  PLATFORMS,
  type KeyStatus,
  type KeyValidationStatus,
  type Platform,
} from '../common/domain';
import { Trim } from './common.dto';

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) studioId!: string;
  @ApiProperty({ format: 'uuid' }) gameId!: string;
  @ApiProperty({ format: 'uuid' }) gameClientId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({
    example: 'gtk_live_3Fa',
    description: 'First characters of the key, for telling keys apart',
  })
  displayPrefix!: string;
  @ApiProperty({ enum: KEY_STATUSES, enumName: 'ApiKeyStatus' }) status!: KeyStatus;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) createdBy!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Updated at most once a minute',
  })
  lastUsedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The key this one replaced by rotation',
  })
  rotatedFromId!: string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The key that replaced this one by rotation',
  })
  replacedById!: string | null;
}

export class ApiKeyListDto {
  @ApiProperty({ type: [ApiKeyDto] }) items!: ApiKeyDto[];
}

export class CreateApiKeyDto {
  @ApiProperty({ maxLength: LIMITS.nameMaxLength, example: 'Production build' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.nameMaxLength)
  name!: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the key stops working; never when omitted' })
  @IsOptional()
  @IsDateString({ strict: true })
  expiresAt?: string;
}

export class CreatedApiKeyDto {
  @ApiProperty({ type: ApiKeyDto }) apiKey!: ApiKeyDto;
  @ApiProperty({ description: 'The key (gtk_live_...). Shown once; only its hash is stored.' })
  secret!: string;
}

export class RotateApiKeyDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: 720,
    description: 'Hours the old key keeps working (default KEY_ROTATION_GRACE_HOURS); 0 ends it now',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(720)
  graceHours?: number;
}

export class RotatedApiKeyDto extends CreatedApiKeyDto {
  @ApiProperty({ type: ApiKeyDto, description: 'The old key, now expiring at the end of the grace period' })
  previous!: ApiKeyDto;
}

export class ValidateApiKeyDto {
  @ApiProperty({ example: 'gtk_live_...' }) @IsString() @MaxLength(200) key!: string;
}

export class KeySigningPolicyDto {
  @ApiProperty({ description: "Whether the key's client must sign its requests" }) required!: boolean;
  @ApiProperty({
    type: [String],
    description: 'Live signing secrets, newest first (two during a rotation); verify against each',
  })
  secrets!: string[];
}

export class ApiKeyValidationDto {
  @ApiProperty({ enum: KEY_VALIDATION_STATUSES, enumName: 'ApiKeyValidationStatus' })
  status!: KeyValidationStatus;
  @ApiPropertyOptional({ format: 'uuid' }) studioId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) gameId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) gameClientId?: string;
  @ApiPropertyOptional({ enum: PLATFORMS, enumName: 'Platform' }) platform?: Platform;
  @ApiPropertyOptional({ format: 'uuid' }) keyId?: string;
  @ApiPropertyOptional({ type: KeySigningPolicyDto, description: "An active key's request-signing policy" })
  signing?: KeySigningPolicyDto;
  @ApiProperty({
    type: 'integer',
    description: 'How long the caller may cache this answer (positive or negative)',
  })
  cacheTtlSeconds!: number;
}
