// Starts the isolated e2e platform and keeps it running, for looking at the portal by hand or
// taking screenshots: node -r ./tools/build/register.js tools/e2e/preview.ts
// Ctrl-C stops every service and drops the run's database, topics and keys.
import { ensurePortalBuilt, startPlatform } from './platform';

async function main(): Promise<void> {
  ensurePortalBuilt();
  const platform = await startPlatform({ keyCacheSeconds: 2 });
  console.log(`[e2e preview] portal: ${platform.portalUrl}  (development sign-in enabled)`);
  for (const [name, url] of Object.entries(platform.urls)) console.log(`  ${name.padEnd(10)} ${url}`);
  console.log(`  kafka topic ${platform.topic}`);
  const shutdown = () => {
    console.log('[e2e preview] stopping');
    void platform.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
