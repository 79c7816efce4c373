import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '@gt/service-kit';

const gunzipAsync = promisify(gunzip);

/** Content encodings POST /v1/events accepts. */
export const BODY_ENCODINGS = ['identity', 'gzip'] as const;

/**
 * Reads the raw body of POST /v1/events into a Buffer (gunzipped when Content-Encoding: gzip),
 * in place of the kit's JSON parser, so that:
 * - the limits and their codes are ours: 415 UNSUPPORTED_MEDIA_TYPE, 413 PAYLOAD_TOO_LARGE
 *   (MAX_BODY_BYTES applies both on the wire and after decompression, so a small gzip bomb
 *   cannot expand into a large JSON);
 * - JSON is parsed only after the API key has been checked (EventsService).
 * A declared Content-Length over the limit is refused before a byte is read.
 */
export function eventsBodyReader(maxBytes: number) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'POST') return next();
    const encoding = checkHeaders(req, maxBytes);
    if (encoding instanceof DomainError) return refuse(res, next, encoding);
    void readLimited(req, maxBytes)
      .then(async (raw) => {
        req.body = encoding === 'gzip' ? await gunzipLimited(raw, maxBytes) : raw;
        next();
      })
      .catch((e: unknown) => {
        if (e instanceof DomainError) refuse(res, next, e);
        else next(e);
      });
  };
}

function refuse(res: Response, next: NextFunction, error: DomainError): void {
  // The rest of an unread body is not worth draining: close the connection after answering.
  res.setHeader('Connection', 'close');
  next(error);
}

function checkHeaders(req: Request, maxBytes: number): 'identity' | 'gzip' | DomainError {
  const type = req.headers['content-type'];
  if (!isJsonUtf8(type)) {
    return new DomainError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Content-Type must be application/json (UTF-8), got ${type ? JSON.stringify(type) : 'none'}`,
      415,
    );
  }
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip') {
    return new DomainError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Content-Encoding ${JSON.stringify(encoding)} is not supported; use gzip or none`,
      415,
    );
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return tooLarge(maxBytes);
  return encoding;
}

/** application/json with no charset or a UTF-8 one (RFC 8259: JSON exchanged between systems is UTF-8). */
export function isJsonUtf8(header: string | undefined): boolean {
  if (!header) return false;
  const [media, ...params] = header.split(';');
  if (media?.trim().toLowerCase() !== 'application/json') return false;
  for (const p of params) {
    const [name, value] = p.split('=');
    if (name?.trim().toLowerCase() === 'charset') {
      const charset = value?.trim().replace(/^"|"$/g, '').toLowerCase();
      if (charset !== 'utf-8' && charset !== 'utf8') return false;
    }
  }
  return true;
}

function tooLarge(maxBytes: number): DomainError {
  return new DomainError('PAYLOAD_TOO_LARGE', `The body is larger than ${maxBytes} bytes`, 413);
}

function readLimited(req: Request, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        cleanup();
        req.pause();
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (e: Error): void => {
      cleanup();
      reject(e);
    };
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

async function gunzipLimited(raw: Buffer, maxBytes: number): Promise<Buffer> {
  try {
    return await gunzipAsync(raw, { maxOutputLength: maxBytes });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
      throw new DomainError(
        'PAYLOAD_TOO_LARGE',
        `The decompressed body is larger than ${maxBytes} bytes`,
        413,
      );
    }
    throw new DomainError('MALFORMED_JSON', 'The body is not valid gzip data', 400);
  }
}
