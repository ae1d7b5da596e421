/**
 * With zod ≥ 4.5, `z.toJSONSchema` writes a bare nullable field as `type: ['string', 'null']`. nestjs-zod 5.5 hands
 * that to @nestjs/swagger as the property's `type`, and Swagger reads an array `type` as "array of string", so every
 * nullable top-level DTO field came out as `string[]` in openapi.json (nestjs-zod issues #473, #474, open). The web
 * console's client is generated from that document, so the shapes must be right: the property options are rewritten
 * to OpenAPI 3.0's `type: 'string', nullable: true` before Swagger reads them. Idempotent; installed once.
 */
import { dirname, join } from 'node:path';

// The module is not in the package's "exports"; loaded by file path next to the package entry (dist/index.js).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const apiProperty = require(
  join(dirname(require.resolve('@nestjs/swagger')), 'decorators/api-property.decorator.js'),
) as {
  createApiPropertyDecorator: (options: Record<string, unknown>, overrideExisting?: boolean) => PropertyDecorator;
  __branchflowNullableFix?: boolean;
};

export function normalizeNullableShorthand(options: Record<string, unknown>): Record<string, unknown> {
  const type = options.type;
  if (!Array.isArray(type) || !type.includes('null')) return options;
  const rest = type.filter((t) => t !== 'null');
  if (rest.length !== 1 || typeof rest[0] !== 'string') return options;
  const enumValues = Array.isArray(options.enum) ? options.enum : undefined;
  return {
    ...options,
    type: rest[0],
    nullable: true,
    ...(enumValues && !enumValues.includes(null) ? { enum: [...enumValues, null] } : {}),
  };
}

export function installOpenApiNullableFix(): void {
  if (apiProperty.__branchflowNullableFix) return;
  const original = apiProperty.createApiPropertyDecorator;
  apiProperty.createApiPropertyDecorator = (options, overrideExisting) =>
    original(normalizeNullableShorthand(options ?? {}), overrideExisting);
  apiProperty.__branchflowNullableFix = true;
}
