import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { LIMITS, ROLES, type Role } from '../common/domain';
import { Trim } from './common.dto';

export class StudioDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role', description: "The calling user's role in this studio" })
  role!: Role;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class StudioListDto {
  @ApiProperty({ type: [StudioDto] }) items!: StudioDto[];
}

export class CreateStudioDto {
  @ApiProperty({ maxLength: LIMITS.nameMaxLength, example: 'Acme Games' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.nameMaxLength)
  name!: string;
}

export class RenameDto {
  @ApiProperty({ maxLength: LIMITS.nameMaxLength })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.nameMaxLength)
  name!: string;
}

export class DeleteStudioQuery {
  @ApiPropertyOptional({
    description: 'Delete even when the studio still has active games (and all their data)',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  force?: boolean;
}

export class MemberDto {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ format: 'email' }) email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) avatarUrl!: string | null;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role!: Role;
  @ApiProperty({ format: 'date-time' }) joinedAt!: string;
}

export class MemberListDto {
  @ApiProperty({ type: [MemberDto] }) items!: MemberDto[];
}

export class InvitationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) studioId!: string;
  @ApiProperty({ format: 'email' }) email!: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role!: Role;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) invitedBy!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class InvitationListDto {
  @ApiProperty({ type: [InvitationDto] }) items!: InvitationDto[];
}

export class AddMemberDto {
  @ApiProperty({ format: 'email' }) @Trim() @IsEmail() @MaxLength(LIMITS.emailMaxLength) email!: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) @IsIn(ROLES) role!: Role;
}

export class AddMemberResultDto {
  @ApiProperty({
    enum: ['member', 'invited'],
    description: 'member: the user exists and joined now; invited: they join on their first sign-in',
  })
  status!: 'member' | 'invited';
  @ApiPropertyOptional({ type: MemberDto }) member?: MemberDto;
  @ApiPropertyOptional({ type: InvitationDto }) invitation?: InvitationDto;
}

export class ChangeRoleDto {
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) @IsIn(ROLES) role!: Role;
}
