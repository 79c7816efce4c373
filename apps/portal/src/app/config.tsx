// Runtime configuration of a deployment, read from /portal-config.json next to index.html, so
// one build serves every environment (the file is written at deploy time; the e2e harness writes
// its own). Without the file the defaults suit a developer machine.
import { createContext, useContext, type ReactNode } from 'react';

export interface PortalConfig {
  /** Base URL game clients send events to (shown in the snippets): POST {ingestionUrl}/v1/events. */
  ingestionUrl: string;
  /** The GraphQL IDE (GraphiQL served by the BFF). */
  graphqlIdeUrl: string;
}

/** platform.config.json's ingestion port: where a developer's local ingestion listens. */
const LOCAL_INGESTION_PORT = 3002;

export function defaultConfig(
  location: Pick<Location, 'protocol' | 'hostname'> = window.location,
): PortalConfig {
  return {
    ingestionUrl: `${location.protocol}//${location.hostname}:${LOCAL_INGESTION_PORT}`,
    graphqlIdeUrl: '/graphql',
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads /portal-config.json; a missing or unreadable file means the defaults. */
export async function loadPortalConfig(fetchImpl: typeof fetch = fetch): Promise<PortalConfig> {
  const defaults = defaultConfig();
  try {
    const res = await fetchImpl('/portal-config.json', { cache: 'no-store', credentials: 'omit' });
    if (!res.ok) return defaults;
    const body: unknown = await res.json();
    if (!isRecord(body)) return defaults;
    return {
      ingestionUrl: typeof body.ingestionUrl === 'string' ? body.ingestionUrl : defaults.ingestionUrl,
      graphqlIdeUrl: typeof body.graphqlIdeUrl === 'string' ? body.graphqlIdeUrl : defaults.graphqlIdeUrl,
    };
  } catch {
    return defaults;
  }
}

const ConfigContext = createContext<PortalConfig>({
  ingestionUrl: `http://127.0.0.1:${LOCAL_INGESTION_PORT}`,
  graphqlIdeUrl: '/graphql',
});

export function ConfigProvider({ config, children }: { config: PortalConfig; children: ReactNode }) {
  return <ConfigContext.Provider value={config}>{children}</ConfigContext.Provider>;
}

export function usePortalConfig(): PortalConfig {
  return useContext(ConfigContext);
}
