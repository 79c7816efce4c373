import { formats } from '../test/formats';
import { codePointLength, truncateCodePoints, utf8Encode, utf8EncodeByHand, utf8Length } from './text';

// Astral characters, a lone high and a lone low surrogate, a pair split by the cut, controls.
const TRICKY = [
  '',
  'abc',
  'é€😀x',
  '😀😀😀',
  '\ud83d',
  'a\ude00b',
  '\ud83dx\ude00',
  '\u0000\u007f\u0080\u07ff\u0800\uffff',
];

describe('code points (formats.json codePoints)', () => {
  it.each(formats.codePoints)('$input: $codePoints code points, cut to $max', (c) => {
    expect(codePointLength(c.input)).toBe(c.codePoints);
    expect(truncateCodePoints(c.input, c.max)).toBe(c.output);
  });

  it('counts as ingestion does (a lone surrogate is one) and never splits a pair', () => {
    expect(codePointLength('\ud83dx\ude00')).toBe(3);
    expect(truncateCodePoints('a😀b', 2)).toBe('a😀');
    expect(truncateCodePoints('😀😀', 1)).toBe('😀');
  });
});

describe('UTF-8', () => {
  it.each(TRICKY.map((s) => [JSON.stringify(s), s]))(
    '%s: the bytes TextEncoder (and fetch) write, with or without TextEncoder',
    (_, s) => {
      const expected = new TextEncoder().encode(s);
      expect(utf8Encode(s)).toEqual(expected);
      expect(utf8EncodeByHand(s)).toEqual(expected);
      expect(utf8Length(s)).toBe(expected.length);
    },
  );
});
