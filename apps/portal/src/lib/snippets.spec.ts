import { KEY_PLACEHOLDER, SIGNING_SECRET_PLACEHOLDER, signingSnippets, snippets } from './snippets';

describe('"send your first event" snippets', () => {
  it('fill in the real endpoint and key for Unity, Unreal, web and curl', () => {
    const list = snippets('https://ingest.example.com/', 'gtk_live_abc');
    expect(list.map((s) => s.label)).toEqual(['Unity', 'Unreal', 'Web', 'curl']);
    for (const s of list) {
      expect(s.code).toContain('gtk_live_abc');
      // The trailing slash is dropped so the SDKs do not post to //v1/events.
      expect(s.code).toContain('https://ingest.example.com');
      expect(s.code).not.toContain('https://ingest.example.com/"');
    }
    expect(list[3].code).toContain('https://ingest.example.com/v1/events');
  });

  it('use a placeholder when the key is not known (keys are only shown once)', () => {
    expect(snippets('https://ingest.example.com')[0].code).toContain(KEY_PLACEHOLDER);
  });

  it('send a valid event from curl', () => {
    const curl = snippets('https://i.example', 'k')[3].code;
    const body = JSON.parse(curl.slice(curl.indexOf("-d '") + 4, curl.lastIndexOf("'"))) as {
      events: Record<string, unknown>[];
    };
    expect(body.events[0]).toMatchObject({ type: 'design', name: 'Tutorial:Started' });
  });
});

describe('request-signing snippets', () => {
  it('put the secret in each SDK’s own option: Unity and Unreal SigningSecret, sdk-js signingSecret', () => {
    const [unity, unreal, web, curl] = signingSnippets('https://ingest.example.com/', 'gts_abc-_9');
    expect(unity.code).toContain('SigningSecret = "gts_abc-_9"');
    expect(unreal.code).toContain('[/Script/GameTelemetry.GameTelemetrySettings]');
    expect(unreal.code).toContain('SigningSecret=gts_abc-_9');
    expect(web.code).toContain('signingSecret: "gts_abc-_9"');
    // The scheme of libs/sdk-vectors: HMAC-SHA256(secret, "<t>." + body), hex, in X-Signature.
    expect(curl.code).toContain(`printf '%s.%s' "$t" "$body" | openssl dgst -sha256 -hmac 'gts_abc-_9'`);
    expect(curl.code).toContain('-H "X-Signature: t=$t,v1=$sig"');
    expect(curl.code).toContain('https://ingest.example.com/v1/events');
    for (const s of [unity, unreal, web, curl]) expect(s.code).toContain(KEY_PLACEHOLDER);
  });

  it('use a placeholder when the secret is not known', () => {
    expect(signingSnippets('https://i.example')[2].code).toContain(SIGNING_SECRET_PLACEHOLDER);
  });
});
