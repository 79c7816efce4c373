import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { LIMITS } from '../common/domain';

/** Trims strings before validation, so "  " is empty and names are stored without padding. */
export const Trim = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

export class FieldErrorDto {
  @ApiProperty({ example: 'name' }) field!: string;
  @ApiProperty({ example: 'isNotEmpty' }) code!: string;
  @ApiProperty({ example: 'name should not be empty' }) message!: string;
}

/** RFC 9457 problem details with a stable `code` (from the service kit's filter). */
export class ProblemDto {
  @ApiProperty({ example: 'urn:gt:error:GAME_NOT_FOUND' }) type!: string;
  @ApiProperty({ example: 'Not found' }) title!: string;
  @ApiProperty({ type: 'integer', example: 404 }) status!: number;
  @ApiProperty({ example: 'GAME_NOT_FOUND', description: 'Stable machine-readable code' }) code!: string;
  @ApiProperty({ example: 'No such game in this studio' }) detail!: string;
  @ApiPropertyOptional() requestId?: string;
  @ApiPropertyOptional({ type: [FieldErrorDto] }) errors?: FieldErrorDto[];
}

export class StudioParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID() studioId!: string;
}

export class GameParams extends StudioParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID() gameId!: string;
}

export class GameClientParams extends GameParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID() clientId!: string;
}

export class ApiKeyParams extends GameClientParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID() keyId!: string;
}

export class SigningSecretParams extends GameClientParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID() secretId!: string;
}

export class AlertRuleParams extends GameParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID() ruleId!: string;
}

export class MemberParams extends StudioParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID() userId!: string;
}

export class InvitationParams extends StudioParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID() invitationId!: string;
}

export class AlertHistoryParams extends StudioParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID() historyId!: string;
}

export class UserParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID() userId!: string;
}

export class TokenIdParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID() tokenId!: string;
}

export class PageQuery {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: LIMITS.pageSizeMax,
    description: `Default ${LIMITS.pageSizeDefault}`,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(LIMITS.pageSizeMax)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}
