import 'reflect-metadata';
import { runService } from '@gt/service-kit';
import { coreService } from './service';

runService(coreService()).catch((e: unknown) => {
  // Start-up failed after configuration was valid (e.g. PostgreSQL unreachable, a migration failed).
  process.stderr.write(`core: failed to start: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
