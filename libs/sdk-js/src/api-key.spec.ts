import { BASE62, generateApiKey, parseApiKey } from '@gt/api-keys';
import { formats } from '../test/formats';
import { checkApiKey } from './api-key';

describe('checkApiKey', () => {
  it.each(formats.apiKeys)('$key: valid $valid $code (formats.json)', (c) => {
    expect(checkApiKey(c.key)).toBe(c.valid ? undefined : c.code);
  });

  it('says what libs/api-keys says, for issued keys and every one-character change of them', () => {
    for (let i = 0; i < 50; i++) {
      const key = generateApiKey();
      expect(checkApiKey(key)).toBeUndefined();
      const at = 9 + (i % 39);
      const changed = BASE62[(BASE62.indexOf(key[at]!) + 1 + i) % 62]!;
      const typo = key.slice(0, at) + (key[at] === '_' ? '-' : changed) + key.slice(at + 1);
      const server = parseApiKey(typo);
      expect(checkApiKey(typo)).toBe(server.ok ? undefined : server.code);
    }
  });

  it('refuses what is not a string', () => {
    expect(checkApiKey(undefined)).toBe('KEY_MALFORMED');
    expect(checkApiKey(42)).toBe('KEY_MALFORMED');
  });
});
