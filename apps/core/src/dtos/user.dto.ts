import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, IsUrl, MaxLength, MinLength } from 'class-validator';
import { LIMITS } from '../common/domain';
import { Trim } from './common.dto';

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'email' }) email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) avatarUrl!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastSignInAt!: string | null;
}

export class UpsertGoogleUserDto {
  @ApiProperty({
    description: "Google's stable subject id (`sub`), or a synthetic one for the dev sign-in",
    example: '1098765432',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  googleSubject!: string;

  @ApiProperty({ format: 'email' }) @Trim() @IsEmail() @MaxLength(LIMITS.emailMaxLength) email!: string;

  @ApiProperty() @Trim() @IsString() @MinLength(1) @MaxLength(200) name!: string;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uri' })
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_tld: false })
  @MaxLength(2048)
  avatarUrl?: string | null;
}

export class AcceptedInvitationDto {
  @ApiProperty({ format: 'uuid' }) studioId!: string;
  @ApiProperty() studioName!: string;
  @ApiProperty({ enum: ['owner', 'admin', 'member'], enumName: 'Role' }) role!: 'owner' | 'admin' | 'member';
}

export class UpsertGoogleUserResultDto extends UserDto {
  @ApiProperty({ description: 'True when this sign-in created the user' }) created!: boolean;
  @ApiProperty({
    type: [AcceptedInvitationDto],
    description: 'Pending invitations to this email, accepted by this sign-in',
  })
  acceptedInvitations!: AcceptedInvitationDto[];
}
