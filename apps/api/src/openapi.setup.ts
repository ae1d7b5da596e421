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

/** Swagger UI at /api/docs and the JSON document at /api/docs-json. */
export function setupOpenApi(app: INestApplication): OpenAPIObject {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, () => document, { jsonDocumentUrl: 'api/docs-json', useGlobalPrefix: false });
  return document;
}
