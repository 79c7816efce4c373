import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { UserDto } from './user.dto';

export class CreateSessionDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() userId!: string;
  @ApiPropertyOptional({ description: 'Shown in a future "your sessions" list' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  userAgent?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) ip?: string;
}

export class CreatedSessionDto {
  @ApiProperty({
    description: 'Opaque session token (gts_...). Only its hash is stored; it is never shown again.',
  })
  token!: string;
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

export class SessionTokenDto {
  @ApiProperty() @IsString() @MaxLength(200) token!: string;
}

export class SessionInfoDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time', description: 'Sliding: moves forward as the session is used' })
  expiresAt!: string;
}

/** The session's user, plus the session itself. */
export class ValidatedSessionDto extends UserDto {
  @ApiProperty({ type: SessionInfoDto }) session!: SessionInfoDto;
}

export class RevokedSessionsDto {
  @ApiProperty({ type: 'integer' }) revokedSessions!: number;
}
