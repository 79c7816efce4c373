import { ApiProperty } from '@nestjs/swagger';

export class RulesStatusDto {
  @ApiProperty() loaded!: boolean;
  @ApiProperty() activeRules!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastSyncAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
}

export class ConsumerStatusDto {
  @ApiProperty() groupId!: string;
  @ApiProperty() topic!: string;
  @ApiProperty() connected!: boolean;
  @ApiProperty() running!: boolean;
  @ApiProperty({ description: 'A batch is being retried because Redis fails' }) retrying!: boolean;
  @ApiProperty() handled!: number;
  @ApiProperty() deadLettered!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastCommitAt!: string | null;
}

export class AlertingStatusDto {
  @ApiProperty({ type: RulesStatusDto }) rules!: RulesStatusDto;
  @ApiProperty({ type: ConsumerStatusDto }) consumer!: ConsumerStatusDto;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Firings whose email or history record is not settled yet; null while Redis is unreachable',
  })
  outbox!: number | null;
}

export class GameCountersDto {
  @ApiProperty({ format: 'uuid' }) gameId!: string;
  @ApiProperty({
    description:
      'Distinct players so far, exact up to the largest players threshold of the game (at least PLAYERS_EXACT_FLOOR)',
  })
  players!: number;
}
