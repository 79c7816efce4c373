import { Field, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { NAME_MAX } from '../studios/studios.inputs';

@InputType()
export class CreatePersonalAccessTokenInput {
  @Field({ description: 'What the token is for, e.g. "CI export script"' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(NAME_MAX)
  name!: string;
  @Field(() => Int, { nullable: true, description: 'Days until it expires (1-365); never when omitted' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  expiresInDays?: number;
}
