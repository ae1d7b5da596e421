// Entry for tests and launchers that build the HTTP API around their own database and Temporal client.
export { createApp } from './create-app';
export type { CreateAppOptions } from './create-app';
export { buildOpenApiDocument, undeclaredPathParameters } from './openapi.setup';
export { connectTemporalClient } from './temporal-client.factory';
export { toErrorBody } from './common/error-mapping';
export type { ApiErrorBody } from './common/api-error';
