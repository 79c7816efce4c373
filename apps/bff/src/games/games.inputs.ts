import { applyDecorators } from '@nestjs/common';
import { Field, ID, InputType, Int } from '@nestjs/graphql';
import {
  IsBoolean,
  IsDate,
  IsEnum,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { Platform } from '../graphql/enums';
import { DateTimeScalar } from '../graphql/scalars';
import { NAME_MAX } from '../studios/studios.inputs';

/**
 * Hours (0-720) a replaced credential keeps working beside its replacement, core's default when
 * omitted: an API key's rotation and a signing secret's.
 */
function GraceHours(description: string): PropertyDecorator {
  return applyDecorators(
    Field(() => Int, { nullable: true, description }),
    IsOptional(),
    IsInt(),
    Min(0),
    Max(720),
  );
}

@InputType()
export class CreateGameInput {
  @Field(() => ID) @IsString() @IsNotEmpty() studioId!: string;
  @Field() @IsString() @IsNotEmpty() @MaxLength(NAME_MAX) name!: string;
}

@InputType()
export class RenameGameInput {
  @Field(() => ID) @IsString() @IsNotEmpty() studioId!: string;
  @Field(() => ID) @IsString() @IsNotEmpty() gameId!: string;
  @Field() @IsString() @IsNotEmpty() @MaxLength(NAME_MAX) name!: string;
}

@InputType()
export class GameRefInput {
  @Field(() => ID) @IsString() @IsNotEmpty() studioId!: string;
  @Field(() => ID) @IsString() @IsNotEmpty() gameId!: string;
}

@InputType()
export class CreateGameClientInput {
  @Field(() => ID) @IsString() @IsNotEmpty() studioId!: string;
  @Field(() => ID) @IsString() @IsNotEmpty() gameId!: string;
  @Field() @IsString() @IsNotEmpty() @MaxLength(NAME_MAX) name!: string;
  @Field(() => Platform) @IsEnum(Platform) platform!: Platform;
}

@InputType()
export class CreateApiKeyInput {
  @Field(() => ID) @IsString() @IsNotEmpty() studioId!: string;
  @Field(() => ID) @IsString() @IsNotEmpty() gameId!: string;
  @Field(() => ID) @IsString() @IsNotEmpty() clientId!: string;
  @Field() @IsString() @IsNotEmpty() @MaxLength(NAME_MAX) name!: string;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the key stops working; never when omitted',
  })
  @IsOptional()
  @IsDate()
  expiresAt?: Date;
}

@InputType()
export class ApiKeyRefInput {
  @Field(() => ID) @IsString() @IsNotEmpty() studioId!: string;
  @Field(() => ID) @IsString() @IsNotEmpty() gameId!: string;
  @Field(() => ID) @IsString() @IsNotEmpty() clientId!: string;
  @Field(() => ID) @IsString() @IsNotEmpty() keyId!: string;
}

@InputType()
export class RotateApiKeyInput extends ApiKeyRefInput {
  @GraceHours('Hours the old key keeps working (core default when omitted); 0 ends it now')
  graceHours?: number;
}

@InputType()
export class GameClientRefInput {
  @Field(() => ID) @IsString() @IsNotEmpty() studioId!: string;
  @Field(() => ID) @IsString() @IsNotEmpty() gameId!: string;
  @Field(() => ID) @IsString() @IsNotEmpty() clientId!: string;
}

@InputType()
export class RenameGameClientInput extends GameClientRefInput {
  @Field() @IsString() @IsNotEmpty() @MaxLength(NAME_MAX) name!: string;
}

@InputType()
export class CreateSigningSecretInput extends GameClientRefInput {
  @GraceHours(
    'Hours the current secret keeps verifying beside the new one (core default when omitted); 0 ends it now',
  )
  graceHours?: number;
}

@InputType()
export class SetSigningRequiredInput extends GameClientRefInput {
  @Field({ description: 'Require a valid X-Signature (needs an ACTIVE secret), or stop requiring it' })
  @IsBoolean()
  required!: boolean;
}

@InputType()
export class SigningSecretRefInput extends GameClientRefInput {
  @Field(() => ID) @IsString() @IsNotEmpty() secretId!: string;
}
