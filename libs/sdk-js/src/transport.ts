// One POST /v1/events and what it means for the batch: sent, retry later, split, drop, or stop.
import { parseRetryAfter } from './backoff';
import { signatureHeader } from './crypto';
import type { TelemetryEvent } from './types';

export type SendOutcome =
  | { kind: 'accepted'; accepted: number; rejected: { index: number; code: string; message: string }[] }
  /** Nothing was stored (429, 408, 5xx, network error, timeout): send the same events again later. */
  | { kind: 'retry'; status?: number; code?: string; message: string; retryAfterMs?: number }
  /** 413: the request was too large; smaller batches will pass. */
  | { kind: 'too_large'; status: number; code?: string; message: string }
  /** 400 / 422: the server will never take these events: drop them. */
  | { kind: 'refused'; status: number; code?: string; message: string }
  /** 401, 403 and other 4xx: this client (its key, its build) is refused: stop sending, keep the queue. */
  | { kind: 'halt'; status: number; code?: string; message: string };

export interface TransportOptions {
  endpoint: string;
  apiKey: string;
  timeoutMs: number;
  compress: boolean;
  fetch: typeof fetch;
  now: () => number;
  /** Adds X-Signature to every request when set (libs/sdk-vectors/README.md, "Request signature"). */
  signingSecret?: string;
}

/** Bodies below this are sent as is: gzip would save little and cost a stream. */
const COMPRESS_MIN_BYTES = 1024;

export class Transport {
  private readonly url: string;
  /**
   * The server's clock minus the device's, in whole seconds, from the `Date` header of the last
   * answer that had one: signatures carry the server's time, so a device clock set wrong does not
   * put them outside the server's window. Whole seconds of both clocks, as the Unity and Unreal
   * SDKs count it, so that the three sign the same `t`.
   */
  private serverSkewSeconds = 0;

  constructor(private readonly options: TransportOptions) {
    this.url = `${options.endpoint.replace(/\/+$/, '')}/v1/events`;
  }

  async send(events: readonly TelemetryEvent[], opts: { keepalive?: boolean } = {}): Promise<SendOutcome> {
    const json = JSON.stringify({ events });
    const first = await this.attempt(json, opts);
    // A device clock off by more than the server's window signs the first request of a run
    // outside it. The 401 SIGNATURE_EXPIRED carries the server's Date, which corrected the
    // offset: the same body goes again at once, re-signed, and only a second one halts
    // (libs/sdk-vectors/README.md, "Answers").
    if (first.outcome.kind === 'halt' && first.outcome.code === 'SIGNATURE_EXPIRED' && first.resignable)
      return (await this.attempt(json, opts)).outcome;
    return first.outcome;
  }

  private async attempt(
    json: string,
    opts: { keepalive?: boolean },
  ): Promise<{ outcome: SendOutcome; resignable: boolean }> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-api-key': this.options.apiKey,
    };
    // Signed at each attempt (a retry carries its own t), over the JSON before any compression.
    if (this.options.signingSecret)
      headers['x-signature'] = signatureHeader(this.options.signingSecret, this.signatureTime(), json);
    let body: string | Uint8Array = json;
    // keepalive requests (page hide) must stay small and simple: no compression stream.
    if (this.options.compress && !opts.keepalive && json.length >= COMPRESS_MIN_BYTES) {
      const gz = await gzip(json);
      if (gz) {
        body = gz;
        headers['content-encoding'] = 'gzip';
      }
    }
    let res: Response;
    try {
      res = await this.options.fetch(this.url, {
        method: 'POST',
        headers,
        body: body as RequestInit['body'],
        keepalive: opts.keepalive ?? false,
        signal: timeoutSignal(this.options.timeoutMs),
      });
    } catch (e) {
      return {
        outcome: { kind: 'retry', message: `network error: ${e instanceof Error ? e.message : String(e)}` },
        resignable: false,
      };
    }
    // A signed request whose answer set the clock: worth signing again after SIGNATURE_EXPIRED.
    const resignable = this.learnServerClock(res) && !!this.options.signingSecret;
    return { outcome: await this.interpret(res), resignable };
  }

  /** `t` of the signature: device time in Unix seconds, corrected by the server's clock. */
  private signatureTime(): number {
    return Math.floor(this.options.now() / 1000) + this.serverSkewSeconds;
  }

  /** True when the answer had a readable `Date`. */
  private learnServerClock(res: Response): boolean {
    // Cross-origin, browsers show `Date` only if ingestion lists it in Access-Control-Expose-Headers.
    const date = res.headers.get('date');
    const at = date ? Date.parse(date) : NaN;
    if (Number.isNaN(at)) return false;
    this.serverSkewSeconds = Math.floor(at / 1000) - Math.floor(this.options.now() / 1000);
    return true;
  }

  private async interpret(res: Response): Promise<SendOutcome> {
    const payload = await readJson(res);
    const code = typeof payload?.code === 'string' ? payload.code : undefined;
    const message =
      typeof payload?.detail === 'string'
        ? payload.detail
        : `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
    const status = res.status;
    if (status >= 200 && status < 300) {
      // The events are stored once the server said 2xx, whatever the body looks like.
      const rejected = Array.isArray(payload?.rejected) ? (payload.rejected as SendRejection[]) : [];
      const accepted = typeof payload?.accepted === 'number' ? payload.accepted : 0;
      return { kind: 'accepted', accepted, rejected };
    }
    if (status === 408 || status === 425 || status === 429 || status >= 500) {
      const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), this.options.now());
      return {
        kind: 'retry',
        status,
        code,
        message,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      };
    }
    if (status === 413) return { kind: 'too_large', status, code, message };
    if (status === 400 || status === 422) return { kind: 'refused', status, code, message };
    return { kind: 'halt', status, code, message };
  }
}

type SendRejection = { index: number; code: string; message: string };

async function readJson(res: Response): Promise<Record<string, unknown> | undefined> {
  try {
    const text = await res.text();
    const value: unknown = text ? JSON.parse(text) : undefined;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function timeoutSignal(ms: number): AbortSignal | undefined {
  if (typeof AbortSignal !== 'undefined' && typeof AbortSignal.timeout === 'function')
    return AbortSignal.timeout(ms);
  if (typeof AbortController === 'undefined') return undefined;
  const controller = new AbortController();
  setTimeout(() => controller.abort(), ms);
  return controller.signal;
}

async function gzip(text: string): Promise<Uint8Array | undefined> {
  if (typeof CompressionStream === 'undefined' || typeof Blob === 'undefined') return undefined;
  try {
    const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch {
    return undefined;
  }
}
