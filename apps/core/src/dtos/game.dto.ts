import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { LIMITS, PLATFORMS, type Platform } from '../common/domain';
import { Trim } from './common.dto';

export class GameDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) studioId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) archivedAt!: string | null;
}

export class GameListDto {
  @ApiProperty({ type: [GameDto] }) items!: GameDto[];
}

export class CreateGameDto {
  @ApiProperty({ maxLength: LIMITS.nameMaxLength, example: 'Space Miners' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.nameMaxLength)
  name!: string;
}

export class ListGamesQuery {
  @ApiPropertyOptional({ description: 'Include archived games (default false)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeArchived?: boolean;
}

export class GameClientDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) studioId!: string;
  @ApiProperty({ format: 'uuid' }) gameId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: PLATFORMS, enumName: 'Platform' }) platform!: Platform;
  @ApiProperty({
    description: 'Ingestion refuses requests from this client without a valid X-Signature (see /signing)',
  })
  signingRequired!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class GameClientListDto {
  @ApiProperty({ type: [GameClientDto] }) items!: GameClientDto[];
}

export class CreateGameClientDto {
  @ApiProperty({ maxLength: LIMITS.nameMaxLength, example: 'Windows (Unity)' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.nameMaxLength)
  name!: string;

  @ApiProperty({ enum: PLATFORMS, enumName: 'Platform' }) @IsIn(PLATFORMS) platform!: Platform;
}
