import type { INestApplication } from '@nestjs/common';
import type { HttpRequest, HttpResponse } from '../common/http.types';

/**
 * CORS for the codec endpoint (`/api/codec/*`) and the Temporal Web UI's origin only: the UI calls it from the
 * browser with the user's bearer token. Preflight requests are answered here, before the auth guard.
 */
export function installCodecCors(app: INestApplication, temporalUiUrl: string): void {
  const origin = new URL(temporalUiUrl).origin;
  app.use('/api/codec', (req: HttpRequest, res: HttpResponse & CorsResponse, next: () => void) => {
    if (req.headers.origin === origin) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Vary', 'Origin');
    }
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'authorization, content-type, x-namespace');
      res.setHeader('Access-Control-Max-Age', '600');
      res.statusCode = 204;
      res.end();
      return;
    }
    next();
  });
}

interface CorsResponse {
  setHeader(name: string, value: string): void;
  statusCode: number;
  end(): void;
}
