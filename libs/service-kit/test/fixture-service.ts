// A minimal service built with the kit, started as a real process by service-kit.int-spec.ts.
import { Body, Controller, Get, Module, Post, Query, Req, type DynamicModule } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
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

  /** Reached through rawBody below, which the kit's JSON parser leaves alone (bodyParserExclude). */
  @Post('raw')
  raw(@Req() req: Request): { bytes: number; head: string } {
    const body = req.body as Buffer;
    return { bytes: body.length, head: body.subarray(0, 32).toString('utf8') };
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

/** A service's own body reader: the raw bytes, whatever the content type says. */
function rawBody(req: Request, _res: Response, next: NextFunction): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    req.body = Buffer.concat(chunks);
    next();
  });
  req.on('error', next);
}

void runService<Config>({
  name: 'fixture',
  loadConfig: () => loadConfig(spec),
  module: (c) => FixtureModule.forRoot(c),
  port: (c) => c.PORT,
  host: () => '127.0.0.1',
  openapi: { title: 'Fixture', description: 'test fixture', version: '1' },
  bodyParserExclude: ['/raw'],
  configure: (app) => {
    app.use('/raw', rawBody);
  },
});
