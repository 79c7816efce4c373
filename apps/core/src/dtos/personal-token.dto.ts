import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { LIMITS } from '../common/domain';
import { Trim } from './common.dto';
import { UserDto } from './user.dto';

export class PersonalTokenDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'gtp_AbCdEfGh', description: 'First characters, for telling tokens apart' })
  displayPrefix!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastUsedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt!: string | null;
}

export class CreatePersonalTokenDto {
  @ApiProperty({ maxLength: LIMITS.nameMaxLength })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.nameMaxLength)
  name!: string;
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 365,
    description: 'Days until it expires; never when omitted',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  expiresInDays?: number;
}

export class CreatedPersonalTokenDto {
  @ApiProperty({ type: PersonalTokenDto }) personalToken!: PersonalTokenDto;
  @ApiProperty({ description: 'The token (gtp_...), shown once and never again' }) secret!: string;
}

export class PersonalTokenListDto {
  @ApiProperty({ type: [PersonalTokenDto] }) items!: PersonalTokenDto[];
}

export class PersonalTokenInfoDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class ValidatedPersonalTokenDto extends UserDto {
  @ApiProperty({ type: PersonalTokenInfoDto }) personalToken!: PersonalTokenInfoDto;
}
