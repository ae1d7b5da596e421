/**
 * Text PostgreSQL cannot store: the NUL character (refused in `text` and, as `\u0000`, in `jsonb`) and UTF-16
 * surrogates that do not form a pair (no Unicode character; `jsonb` refuses their escapes). Such text must be refused
 * where it enters (the API with 400, a workflow validator) because once a decision carrying it is accepted, every
 * projection of the case would fail.
 */
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');

export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

/**
 * The path (`payload.request.reasons`, `rosterPersonIds.3`) of the first string in `value` — object keys included —
 * that PostgreSQL cannot store, or null when everything can be stored. Walks plain JSON values only.
 */
export function unstorableTextPath(value: unknown, path: readonly (string | number)[] = []): string | null {
  if (typeof value === 'string') return isStorableText(value) ? null : path.join('.') || '(value)';
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorableTextPath(value[i], [...path, i]);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (!isStorableText(key)) return [...path, key].join('.');
      const found = unstorableTextPath(item, [...path, key]);
      if (found !== null) return found;
    }
  }
  return null;
}

/** The same value with unstorable text (keys included) replaced by U+FFFD, for a record that must be written anyway. */
export function toStorableText<T>(value: T): T {
  return storable(value) as T;
}

function storable(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(UNSTORABLE_ALL, '\uFFFD');
  if (Array.isArray(value)) return value.map(storable);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k.replace(UNSTORABLE_ALL, '\uFFFD'), storable(v)]),
    );
  }
  return value;
}
