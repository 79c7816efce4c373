// A scripted stand-in for the ingestion endpoint, passed to the SDK as `fetch`.
import { gunzipSync } from 'node:zlib';
import type { TelemetryEvent } from '../src/types';

export interface SeenRequest {
  url: string;
  headers: Record<string, string>;
  events: TelemetryEvent[];
  gzip: boolean;
  /** The JSON body as the server reads it (after gunzip). */
  body: string;
  keepalive: boolean;
}

export type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | 'network-error';

export class FakeIngestion {
  readonly requests: SeenRequest[] = [];
  /** Replies used in order; when empty, `fallback` answers. */
  readonly script: Reply[] = [];
  fallback: Reply | ((events: TelemetryEvent[]) => Reply) = (events) => ({
    status: 202,
    body: { accepted: events.length, rejected: [] },
  });
  private concurrent = 0;
  maxConcurrent = 0;

  get events(): TelemetryEvent[] {
    return this.requests.flatMap((r) => r.events);
  }

  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    this.concurrent++;
    this.maxConcurrent = Math.max(this.maxConcurrent, this.concurrent);
    try {
      await new Promise((r) => setTimeout(r, 1));
      const headers = Object.fromEntries(
        Object.entries((init?.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]),
      );
      const gzip = headers['content-encoding'] === 'gzip';
      const raw = init?.body as string | Uint8Array;
      const text = gzip ? gunzipSync(raw as Uint8Array).toString('utf8') : String(raw);
      const events = (JSON.parse(text) as { events: TelemetryEvent[] }).events;
      this.requests.push({
        url: String(input),
        headers,
        events,
        gzip,
        body: text,
        keepalive: !!init?.keepalive,
      });
      const next =
        this.script.shift() ?? (typeof this.fallback === 'function' ? this.fallback(events) : this.fallback);
      if (next === 'network-error') throw new TypeError('fetch failed');
      return new Response(next.body === undefined ? null : JSON.stringify(next.body), {
        status: next.status,
        headers: { 'content-type': 'application/json', ...next.headers },
      });
    } finally {
      this.concurrent--;
    }
  };
}

export const problem = (status: number, code: string, headers?: Record<string, string>): Reply => ({
  status,
  body: { status, code, detail: `${code} (fake)` },
  ...(headers ? { headers } : {}),
});
