import { maxHeaderSize as httpMaxHeaderSize, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ApiErrorBody } from './api-error';

/**
 * Requests Node's HTTP parser refuses before any route runs (a URL or headers over `maxHeaderSize`: 431; a malformed
 * request line or header: 400) are answered in the API's error shape naming what was wrong, instead of Node's bare
 * status line (issue 8 §2: every 4xx names the field).
 */
export function answerClientErrorsAsJson(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || (err.code === 'ECONNRESET' && socket.destroyed)) {
      socket.destroy();
      return;
    }
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const body: ApiErrorBody = tooLarge
      ? {
          statusCode: 431,
          code: 'HEADERS_TOO_LARGE',
          message: '请求行或请求头过长（含URL与查询字符串）',
          messageEn: 'the request line or headers are too large (the URL and query string included)',
          numbers: { field: 'url', maxHeaderBytes: httpMaxHeaderSize },
        }
      : {
          statusCode: 400,
          code: 'REQUEST_MALFORMED',
          message: `请求格式无法解析（${err.code ?? 'parse error'}）`,
          messageEn: `the request cannot be parsed (${err.code ?? 'parse error'})`,
          numbers: { field: 'request' },
        };
    const json = JSON.stringify(body);
    const reason = tooLarge ? 'Request Header Fields Too Large' : 'Bad Request';
    socket.end(
      `HTTP/1.1 ${body.statusCode} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
    );
  });
}
