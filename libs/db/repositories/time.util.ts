/** PostgreSQL renders timestamptz as '2024-01-01 10:00:00+00'; the API speaks ISO-8601. */
export function iso(value: string): string;
export function iso(value: string | null): string | null;
export function iso(value: string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

export function nowIso(): string {
  return new Date().toISOString();
}
