// A minimal service built with the kit, started as a real process by service-kit.int-spec.ts.
import { Body, Controller, Get, Module, Post, Query, type DynamicModule } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import { DomainError, env, HealthRegistry, Internal, loadConfig, runService, ServiceKitModule } from '../src';

class EchoDto {
  @ApiProperty() @IsString() @MinLength(2) name!: string;
  @ApiProperty() @IsInt() @Min(1) @Max(10) count!: number;
}

const spec = {
  PORT: env.port(),
  SERVICE_TOKEN: env.string({ minLength: 8 }),
  READY_FILE: env.string({ optional: true }),
};
type Config = ReturnType<typeof loadConfig<typeof spec>>;

@Controller()
class FixtureController {
  constructor(health: HealthRegistry) {
    health.register('fixture-dependency', async () => {
      const f = process.env.READY_FILE;
      if (f && (await import('node:fs')).existsSync(f)) throw new Error('dependency is down');
    });
  }

  @Get('slow')
  async slow(@Query('ms') ms: string): Promise<{ waited: number }> {
    await new Promise((r) => setTimeout(r, Number(ms)));
    return { waited: Number(ms) };
  }

  @Post('echo')
  echo(@Body() body: EchoDto): EchoDto {
    return body;
  }

  @Get('internal')
  @Internal()
  internal(): { ok: true } {
    return { ok: true };
  }

  @Get('boom')
  boom(): never {
    throw new Error('password=hunter2 in SELECT');
  }

  @Get('domain')
  domain(): never {
    throw new DomainError('THING_UNAVAILABLE', 'The thing is down', 503, { retryAfterSeconds: 7 });
  }
}

@Module({})
class FixtureModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: FixtureModule,
      imports: [ServiceKitModule.forRoot({ serviceToken: config.SERVICE_TOKEN })],
      controllers: [FixtureController],
    };
  }
}

void runService<Config>({
  name: 'fixture',
  loadConfig: () => loadConfig(spec),
  module: (c) => FixtureModule.forRoot(c),
  port: (c) => c.PORT,
  host: () => '127.0.0.1',
  openapi: { title: 'Fixture', description: 'test fixture', version: '1' },
});
