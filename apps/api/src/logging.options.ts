import { randomUUID } from 'node:crypto';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';

interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
}
interface ResponseLike {
  setHeader(name: string, value: string): unknown;
}

/** JSON logs with one request id per request (taken from X-Request-Id when sane) and no credentials. */
export function loggingOptions(enabled: boolean, level: string): Params {
  return {
    // every route, including /health and /metrics outside the /api prefix (path-to-regexp v8 wildcard syntax)
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      level: enabled ? level : 'silent',
      genReqId: (req: RequestLike, res: ResponseLike) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && /^[\w.:-]{1,100}$/.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
        censor: '[redacted]',
      },
    },
  } as Params;
}
