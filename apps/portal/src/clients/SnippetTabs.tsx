import { usePortalConfig } from '../app/config';
import { CopyButton } from '../components/CopyButton';
import { Tabs } from '../components/Tabs';
import type { Platform } from '../generated/graphql';
import { signingSnippets, snippets, type Snippet, type SnippetKind } from '../lib/snippets';

const FIRST_TAB: Record<Platform, SnippetKind> = {
  UNITY: 'unity',
  UNREAL: 'unreal',
  WEB: 'web',
  NODE: 'web',
  OTHER: 'curl',
};

/** One tab per SDK, the client's own platform first. */
function CodeTabs({ items, platform }: { items: Snippet[]; platform?: Platform }) {
  const tabs = items.map((s) => ({
    id: s.kind,
    label: s.label,
    content: (
      <div className="snippet">
        <p className="hint">{s.note}</p>
        <div className="code-block">
          <pre tabIndex={0} aria-label={`${s.label} snippet`}>
            <code data-language={s.language}>{s.code}</code>
          </pre>
          <CopyButton text={s.code} label="Copy code" className="button button-small code-copy" />
        </div>
      </div>
    ),
  }));
  return <Tabs items={tabs} label="SDK" initial={platform ? FIRST_TAB[platform] : undefined} />;
}

/** "Send your first event" in each SDK, with this deployment's ingestion URL and (when known) the key. */
export function SnippetTabs({ apiKey, platform }: { apiKey?: string; platform?: Platform }) {
  const { ingestionUrl } = usePortalConfig();
  return <CodeTabs items={snippets(ingestionUrl, apiKey)} platform={platform} />;
}

/** Where the signing secret goes in each SDK's configuration. */
export function SigningSnippetTabs({ secret, platform }: { secret?: string; platform?: Platform }) {
  const { ingestionUrl } = usePortalConfig();
  return <CodeTabs items={signingSnippets(ingestionUrl, secret)} platform={platform} />;
}
