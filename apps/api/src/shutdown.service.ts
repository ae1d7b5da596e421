import { Inject, Injectable, type OnApplicationShutdown, Optional } from '@nestjs/common';

export const SHUTDOWN_HOOK = Symbol('SHUTDOWN_HOOK');
export type ShutdownHook = () => Promise<void>;

/** Runs the launcher's teardown (worker, Temporal connection, database) when the app closes, signals included. */
@Injectable()
export class ShutdownService implements OnApplicationShutdown {
  constructor(@Optional() @Inject(SHUTDOWN_HOOK) private readonly hook: ShutdownHook | undefined) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.hook) await this.hook();
  }
}
