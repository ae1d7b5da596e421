import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { installOpenApiNullableFix } from './common/openapi-nullable.fix';

installOpenApiNullableFix();

/** Builds the OpenAPI document (deterministic for a given code base: no dates, hosts or random ids). */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Branchflow API')
    .setDescription(
      '机关党组织工作流与审批引擎 — workflow and approval engine for party organizations in government organs',
    )
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  return cleanupOpenApiDoc(SwaggerModule.createDocument(app, config));
}

/**
 * Operations whose path names a `{parameter}` the document does not declare: a route whose parameter is read by a
 * decorator or interceptor (not `@Param`) needs `@ApiParam`, else clients and the fuzzer cannot call it.
 */
export function undeclaredPathParameters(document: OpenAPIObject): string[] {
  const missing: string[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    const named = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const declared = new Set(
        [...(item.parameters ?? []), ...(operation.parameters ?? [])]
          .filter((parameter) => 'in' in parameter && parameter.in === 'path')
          .map((parameter) => ('name' in parameter ? parameter.name : '')),
      );
      for (const name of named) if (!declared.has(name)) missing.push(`${method.toUpperCase()} ${path}: ${name}`);
    }
  }
  return missing;
}

/** Swagger UI at /api/docs and the JSON document at /api/docs-json. */
export function setupOpenApi(app: INestApplication): OpenAPIObject {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, () => document, { jsonDocumentUrl: 'api/docs-json', useGlobalPrefix: false });
  return document;
}
