import { z } from 'zod';
import { jsonValueSchema } from './json-value.schema';

// The OpenAPI 3.1 document the API describes itself with (api/openapi.ts): its frame is typed;
// the JSON Schemas inside it are data, any JSON.

const responseSchema = z.object({ description: z.string(), content: z.record(z.string(), z.object({ schema: jsonValueSchema })).optional() });

const operationSchema = z.object({
  operationId: z.string(),
  summary: z.string(),
  tags: z.array(z.string()),
  description: z.string(),
  security: z.array(z.record(z.string(), z.array(z.string()))),
  parameters: z.array(jsonValueSchema).optional(),
  requestBody: jsonValueSchema.optional(),
  responses: z.record(z.string(), responseSchema),
});

export const openApiDocumentSchema = z
  .object({
    openapi: z.literal('3.1.0'),
    info: z.object({ title: z.string(), version: z.string(), description: z.string() }),
    servers: z.array(z.object({ url: z.string(), description: z.string() })),
    paths: z.record(z.string(), z.partialRecord(z.enum(['get', 'post', 'put', 'patch', 'delete']), operationSchema)),
    components: z
      .object({
        schemas: z.record(z.string(), jsonValueSchema),
        securitySchemes: z.record(z.string(), jsonValueSchema),
        parameters: z.record(z.string(), jsonValueSchema),
      })
      .partial(),
    webhooks: z.record(z.string(), jsonValueSchema).optional(),
  })
  .meta({ id: 'OpenApiDocument' });

export type OpenApiDocument = z.infer<typeof openApiDocumentSchema>;
