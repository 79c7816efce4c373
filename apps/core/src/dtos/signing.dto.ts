import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { KEY_STATUSES, type KeyStatus } from '../common/domain';

export class SigningSecretDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) gameClientId!: string;
  @ApiProperty({
    example: 'gts_Xy3kP9aQ',
    description: 'First characters of the secret, for telling them apart',
  })
  displayPrefix!: string;
  @ApiProperty({ enum: KEY_STATUSES, enumName: 'SigningSecretStatus' }) status!: KeyStatus;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) createdBy!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When a replaced secret stops verifying (end of its rotation grace period)',
  })
  expiresAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;
}

export class SigningDto {
  @ApiProperty({ format: 'uuid' }) gameClientId!: string;
  @ApiProperty({ description: 'Ingestion refuses requests of this client without a valid X-Signature' })
  required!: boolean;
  @ApiProperty({
    type: [SigningSecretDto],
    description: 'Newest first, history included (never the secrets)',
  })
  secrets!: SigningSecretDto[];
}

export class UpdateSigningDto {
  @ApiProperty({ description: 'Require X-Signature (needs a live secret), or stop requiring it' })
  @IsBoolean()
  required!: boolean;
}

export class CreateSigningSecretDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: 720,
    description:
      'Hours the current secret keeps verifying beside the new one (default KEY_ROTATION_GRACE_HOURS); 0 ends it now',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(720)
  graceHours?: number;
}

export class CreatedSigningSecretDto {
  @ApiProperty({ type: SigningSecretDto }) signingSecret!: SigningSecretDto;
  @ApiProperty({ description: 'The secret (gts_...) to configure in the SDK. Shown once.' })
  secret!: string;
  @ApiProperty({
    type: SigningSecretDto,
    nullable: true,
    description: 'The secret it replaces, now expiring at the end of the grace period',
  })
  previous!: SigningSecretDto | null;
}
