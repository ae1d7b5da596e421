import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/**
 * createZodDto for an object schema, rebuilt without its root `.meta({ id })`: with zod ≥ 4.5 a root id makes
 * nestjs-zod 5.5's cleanupOpenApiDoc throw "Found multiple schemas" (nestjs-zod issue #475). Nested ids still
 * become named components; the DTO class name names the root.
 */
export function createObjectDto<Shape extends z.ZodRawShape>(schema: z.ZodObject<Shape>) {
  const copy = z.object(schema.shape);
  return createZodDto(schema.description ? copy.describe(schema.description) : copy);
}
