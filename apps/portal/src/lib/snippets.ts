// "Send your first event" snippets for each SDK, with the real ingestion endpoint and key. Each
// sends a session start and one custom event, enough to light up the dashboard.

export type SnippetKind = 'unity' | 'unreal' | 'web' | 'curl';

export interface Snippet {
  kind: SnippetKind;
  label: string;
  language: string;
  code: string;
  note: string;
}

/** Shown instead of a key the page does not have (keys are only shown once, at creation). */
export const KEY_PLACEHOLDER = 'YOUR_API_KEY';

function csString(s: string): string {
  return JSON.stringify(s);
}

export function unitySnippet(endpoint: string, apiKey: string): string {
  return `using GameTelemetry;
using GameTelemetry.Unity;
using UnityEngine;

public class TelemetryBootstrap : MonoBehaviour
{
    void Awake()
    {
        // Starts the SDK and a session; events are queued and sent in batches.
        Telemetry.Init(new TelemetryConfig
        {
            ApiKey = ${csString(apiKey)},
            Endpoint = ${csString(endpoint)},
        });
        Telemetry.Track("Tutorial:Started");
    }
}`;
}

export function unrealSnippet(endpoint: string, apiKey: string): string {
  return `; Config/DefaultGame.ini (or Project Settings > Plugins > Game Telemetry).
; The plugin starts with the game instance and opens a session by itself.
[/Script/GameTelemetry.GameTelemetrySettings]
ApiKey=${apiKey}
Endpoint=${endpoint}

// Then, anywhere in C++ (Blueprint: the "Track Event" node):
#include "GameTelemetrySubsystem.h"

GetGameInstance()->GetSubsystem<UGameTelemetrySubsystem>()
    ->TrackDesign(TEXT("Tutorial:Started"), TOptional<double>(), {});`;
}

export function webSnippet(endpoint: string, apiKey: string): string {
  return `import { init, track } from '@gt/sdk-js';

// Starts a session with the first event; events are batched and retried.
init({
  apiKey: ${JSON.stringify(apiKey)},
  endpoint: ${JSON.stringify(endpoint)},
});
track('Tutorial:Started');`;
}

export function curlSnippet(endpoint: string, apiKey: string, now: Date = new Date()): string {
  const event = {
    eventId: '00000000-0000-4000-8000-000000000001',
    type: 'design',
    playerId: 'player-1',
    sessionId: 'session-1',
    timestamp: now.toISOString(),
    name: 'Tutorial:Started',
  };
  return `curl -X POST ${endpoint}/v1/events \\
  -H 'Content-Type: application/json' \\
  -H 'X-API-Key: ${apiKey}' \\
  -d '${JSON.stringify({ events: [event] })}'`;
}

export function snippets(endpoint: string, apiKey: string = KEY_PLACEHOLDER): Snippet[] {
  const base = endpoint.replace(/\/+$/, '');
  return [
    {
      kind: 'unity',
      label: 'Unity',
      language: 'csharp',
      code: unitySnippet(base, apiKey),
      note: 'Add the com.gametelemetry.sdk package, then put this component on an object in your first scene.',
    },
    {
      kind: 'unreal',
      label: 'Unreal',
      language: 'cpp',
      code: unrealSnippet(base, apiKey),
      note: 'Copy the GameTelemetry plugin into your project’s Plugins folder, enable it, then configure it.',
    },
    {
      kind: 'web',
      label: 'Web',
      language: 'typescript',
      code: webSnippet(base, apiKey),
      note: 'For browser and Node games: the TypeScript SDK (libs/sdk-js).',
    },
    {
      kind: 'curl',
      label: 'curl',
      language: 'shell',
      code: curlSnippet(base, apiKey),
      note: 'One event by hand, to check the key and the endpoint. Use a new eventId for each event.',
    },
  ];
}

/** Shown instead of a signing secret the page does not have. */
export const SIGNING_SECRET_PLACEHOLDER = 'YOUR_SIGNING_SECRET';

// The request-signing option of each SDK (Unity `SigningSecret`, Unreal `SigningSecret`, the
// TypeScript SDK `signingSecret`) beside the settings it goes with; the SDK then adds
// `X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>` to every request.

export function unitySigningSnippet(endpoint: string, secret: string): string {
  return `Telemetry.Init(new TelemetryConfig
{
    ApiKey = ${csString(KEY_PLACEHOLDER)},
    Endpoint = ${csString(endpoint)},
    // Signs every request (X-Signature). Keep it out of public repositories.
    SigningSecret = ${csString(secret)},
});`;
}

export function unrealSigningSnippet(endpoint: string, secret: string): string {
  return `; Config/DefaultGame.ini (or Project Settings > Plugins > Game Telemetry > Signing Secret).
[/Script/GameTelemetry.GameTelemetrySettings]
ApiKey=${KEY_PLACEHOLDER}
Endpoint=${endpoint}
SigningSecret=${secret}`;
}

export function webSigningSnippet(endpoint: string, secret: string): string {
  return `import { init } from '@gt/sdk-js';

init({
  apiKey: ${JSON.stringify(KEY_PLACEHOLDER)},
  endpoint: ${JSON.stringify(endpoint)},
  // Signs every request (X-Signature).
  signingSecret: ${JSON.stringify(secret)},
});`;
}

/** An empty batch signed by hand: 202 means the key and the signature are accepted. */
export function curlSigningSnippet(endpoint: string, secret: string): string {
  return `body='{"events":[]}'
t=$(date +%s)
sig=$(printf '%s.%s' "$t" "$body" | openssl dgst -sha256 -hmac '${secret}' -r | cut -d' ' -f1)
curl -i -X POST ${endpoint}/v1/events \\
  -H 'Content-Type: application/json' \\
  -H 'X-API-Key: ${KEY_PLACEHOLDER}' \\
  -H "X-Signature: t=$t,v1=$sig" \\
  -d "$body"`;
}

export function signingSnippets(endpoint: string, secret: string = SIGNING_SECRET_PLACEHOLDER): Snippet[] {
  const base = endpoint.replace(/\/+$/, '');
  return [
    {
      kind: 'unity',
      label: 'Unity',
      language: 'csharp',
      code: unitySigningSnippet(base, secret),
      note: 'TelemetryConfig.SigningSecret, beside the API key.',
    },
    {
      kind: 'unreal',
      label: 'Unreal',
      language: 'ini',
      code: unrealSigningSnippet(base, secret),
      note: 'The plugin’s Signing Secret setting (signingSecret in the C++ configuration).',
    },
    {
      kind: 'web',
      label: 'Web',
      language: 'typescript',
      code: webSigningSnippet(base, secret),
      note: 'The signingSecret option of init().',
    },
    {
      kind: 'curl',
      label: 'curl',
      language: 'shell',
      code: curlSigningSnippet(base, secret),
      note: 'Sign an empty batch by hand with openssl: 202 means the signature is accepted.',
    },
  ];
}
