// The shared encoder cases (libs/sdk-vectors/vectors/formats.json) every SDK is held to.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface Formats {
  codePoints: { input: string; max: number; output: string; codePoints: number }[];
  sha256: { input: string; sha256: string }[];
  hmacSha256: { secret: string; message: string; hmacSha256: string }[];
  crc32: { input: string; crc32: number }[];
  apiKeys: { key: string; valid: boolean; code?: string }[];
}

export const formats = JSON.parse(
  readFileSync(path.join(__dirname, '..', '..', 'sdk-vectors', 'vectors', 'formats.json'), 'utf8'),
) as Formats;
