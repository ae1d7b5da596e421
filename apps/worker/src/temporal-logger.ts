import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';
import { Runtime } from '@temporalio/worker';
import type { Logger as PinoLogger } from 'pino';

const PINO_METHOD: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** Temporal SDK logger that writes through pino (structured JSON), as in the SDK's custom-logger sample. */
export class PinoTemporalLogger implements Logger {
  constructor(private readonly pino: PinoLogger) {}

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    this.pino[PINO_METHOD[level] ?? 'info'](meta ?? {}, message);
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

/**
 * Route the Temporal Runtime (SDK + forwarded Core logs) into pino. The Runtime is a process singleton and can be
 * installed only before the first NativeConnection; when another part of the process got there first this is a no-op.
 * Signal handling is left to our own code (shutdownSignals: []) so that shutdown order stays explicit.
 */
export function installTemporalRuntimeLogger(pino: PinoLogger): boolean {
  try {
    Runtime.install({
      logger: new PinoTemporalLogger(pino.child({ component: 'temporal' })),
      telemetryOptions: { logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} } },
      shutdownSignals: [],
    });
    return true;
  } catch {
    return false;
  }
}
