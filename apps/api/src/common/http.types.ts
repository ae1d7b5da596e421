import type { Actor } from '../../../../libs/contracts';

// Minimal views of the express request/response the API touches (@types/express is not installed).
export interface HttpRequest {
  id?: unknown;
  method?: string;
  /** the URL path without the query string */
  path?: string;
  /** the parsed JSON body */
  body?: unknown;
  headers: Record<string, string | string[] | undefined>;
  actor?: Actor;
}

export interface HttpResponse {
  headersSent: boolean;
  status(code: number): HttpResponse;
  json(body: unknown): unknown;
  setHeader(name: string, value: string): unknown;
}
