import { isStorableText, toStorableText, unstorableTextPath } from '../../../libs/contracts';

/**
 * Text PostgreSQL cannot store (NUL, unpaired UTF-16 surrogates) is found where it enters, by its path, so the API
 * answers 400 naming the field and a workflow validator refuses it, instead of a projection failing for ever (issue 8
 * §2).
 */
describe('storable text', () => {
  it.each([
    ['NUL', 'a\u0000b'],
    ['a lone high surrogate', 'a\uD800b'],
    ['a lone high surrogate at the end', 'ab\uD83D'],
    ['a lone low surrogate', '\uDC00ab'],
    ['two high surrogates', '\uD800\uD800\uDC00'],
    ['a low before a high', '\uDC00\uD800'],
  ])('refuses %s', (_name, text) => {
    expect(isStorableText(text)).toBe(false);
    expect(unstorableTextPath(text)).toBe('(value)');
  });

  it.each([
    ['plain text', '中文 English'],
    ['a surrogate pair (an emoji)', 'ok \uD83D\uDE00'],
    ['other control characters', 'a\u0001b\tc\n'],
    ['the empty string', ''],
    ['U+FFFD', '\uFFFD'],
  ])('accepts %s', (_name, text) => {
    expect(isStorableText(text)).toBe(true);
    expect(unstorableTextPath(text)).toBeNull();
  });

  it('names the first unstorable string by its path through nested objects and arrays', () => {
    expect(unstorableTextPath({ comment: 'a\u0000b' })).toBe('comment');
    expect(unstorableTextPath({ payload: { request: { reasons: 'x\uD800' } } })).toBe('payload.request.reasons');
    expect(unstorableTextPath({ rosterPersonIds: ['p1', 'p2', 'p\u00003'] })).toBe('rosterPersonIds.2');
    expect(unstorableTextPath({ slate: [{ personId: 'p1' }, { personId: 'p2', note: ['ok', '\uDC00'] }] })).toBe(
      'slate.1.note.1',
    );
    expect(unstorableTextPath([['ok'], ['ok', 'a\u0000']])).toBe('1.1');
    // the first in document order, not every one
    expect(unstorableTextPath({ a: 'x\u0000', b: 'y\u0000' })).toBe('a');
  });

  it('names a key that cannot be stored (jsonb refuses it as well)', () => {
    expect(unstorableTextPath({ marks: { 'p\u00001': 'for' } })).toBe('marks.p\u00001');
  });

  it('passes numbers, booleans, null and storable nesting', () => {
    expect(unstorableTextPath(null)).toBeNull();
    expect(unstorableTextPath(undefined)).toBeNull();
    expect(unstorableTextPath(42)).toBeNull();
    expect(unstorableTextPath({ a: [1, true, null, { b: 'ok \uD83D\uDE00' }] })).toBeNull();
    expect(unstorableTextPath({ a: [], b: {} })).toBeNull();
  });

  it('prefixes the path it is given', () => {
    expect(unstorableTextPath({ comment: '\u0000' }, ['body'])).toBe('body.comment');
    expect(unstorableTextPath('\u0000', ['body'])).toBe('body');
  });

  it('toStorableText replaces what cannot be stored with U+FFFD, keys included, and keeps pairs', () => {
    expect(toStorableText({ 'k\u0000': ['a\uD800', 'ok \uD83D\uDE00'], n: 1 })).toEqual({
      'k\uFFFD': ['a\uFFFD', 'ok \uD83D\uDE00'],
      n: 1,
    });
    expect(unstorableTextPath(toStorableText({ a: '\u0000\uDC00\uD800' }))).toBeNull();
  });
});
