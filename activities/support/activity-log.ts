import { Context } from '@temporalio/activity';

type Meta = Record<string, unknown>;

/** Temporal's activity logger when running inside an activity; silent when called directly (unit tests, scripts). */
export function activityLog(level: 'info' | 'warn' | 'error', message: string, meta?: Meta): void {
  let context: Context | undefined;
  try {
    context = Context.current();
  } catch {
    return;
  }
  context.log[level](message, meta);
}
