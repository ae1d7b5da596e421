/** Today's calendar date (UTC) as YYYY-MM-DD, the form registry dates use. */
export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
