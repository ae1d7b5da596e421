import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { DynamicModule } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';

/**
 * The web console (apps/web/dist) on the API's own origin: static files from `/`, and every other path outside the
 * API answered with `index.html` so the console's routes (`/tasks/<id>`, `/inbox`) load in the browser. `/api/...`
 * stays the API's (an unknown API path answers the JSON 404). Controllers are registered before this module's
 * middleware, so `/health/*` and `/metrics` keep answering. `index.html` is never cached (it names the current
 * chunks); hashed assets are cached for a year.
 */
export function webConsoleModule(webRoot: string | null | undefined): DynamicModule[] {
  if (!webRoot || !existsSync(join(webRoot, 'index.html'))) return [];
  return [
    ServeStaticModule.forRoot({
      rootPath: webRoot,
      exclude: ['/api/{*any}', '/health/{*any}', '/metrics'],
      serveStaticOptions: {
        setHeaders: (res: { setHeader(name: string, value: string): void }, path: string) => {
          if (basename(path) === 'index.html') res.setHeader('Cache-Control', 'no-cache');
          else if (path.includes(`${join('assets', '')}`)) {
            res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
          }
        },
      },
    }),
  ];
}
