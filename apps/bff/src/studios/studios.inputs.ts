import { Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsEmail, IsEnum, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { Role } from '../graphql/enums';

// Inputs are validated here (shape and lengths, so a bad request never costs a downstream
// call) and again by core, which owns the rules. Every field needs a class-validator
// decorator: the global validation pipe strips and refuses undecorated properties.

export const NAME_MAX = 100;
export const EMAIL_MAX = 254;

@InputType()
export class CreateStudioInput {
  @Field() @IsString() @IsNotEmpty() @MaxLength(NAME_MAX) name!: string;
}

@InputType()
export class RenameStudioInput {
  @Field(() => ID) @IsString() @IsNotEmpty() studioId!: string;
  @Field() @IsString() @IsNotEmpty() @MaxLength(NAME_MAX) name!: string;
}

@InputType()
export class DeleteStudioInput {
  @Field(() => ID) @IsString() @IsNotEmpty() studioId!: string;
  @Field({
    nullable: true,
    description: 'Delete even when the studio still has active games (and all their data)',
  })
  @IsOptional()
  @IsBoolean()
  force?: boolean;
}

@InputType()
export class AddStudioMemberInput {
  @Field(() => ID) @IsString() @IsNotEmpty() studioId!: string;
  @Field() @IsEmail() @MaxLength(EMAIL_MAX) email!: string;
  @Field(() => Role) @IsEnum(Role) role!: Role;
}

@InputType()
export class ChangeMemberRoleInput {
  @Field(() => ID) @IsString() @IsNotEmpty() studioId!: string;
  @Field(() => ID) @IsString() @IsNotEmpty() userId!: string;
  @Field(() => Role) @IsEnum(Role) role!: Role;
}

@InputType()
export class RemoveStudioMemberInput {
  @Field(() => ID) @IsString() @IsNotEmpty() studioId!: string;
  @Field(() => ID) @IsString() @IsNotEmpty() userId!: string;
}

@InputType()
export class RevokeInvitationInput {
  @Field(() => ID) @IsString() @IsNotEmpty() studioId!: string;
  @Field(() => ID) @IsString() @IsNotEmpty() invitationId!: string;
}
