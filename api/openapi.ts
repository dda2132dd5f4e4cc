import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z, type ZodType } from 'zod';
import type { RouteDefinition } from './route';

const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    errors: z.array(z.object({ field: z.string(), reason: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: problemSchema } } });

/** Builds the OpenAPI 3.1 document from the same route definitions the API mounts. */
export function buildOpenApiDocument(routes: readonly RouteDefinition[], version: string) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  for (const route of routes) {
    const failures: Record<number, ReturnType<typeof problem>> = {};
    if (route.access !== 'public') {
      failures[401] = problem('missing, unknown or revoked token');
      failures[403] = problem(`the caller holds none of the roles ${route.access.join(', ')}`);
    }
    if (route.body || route.params || route.query) failures[422] = problem('a parameter or a body field is invalid; `errors` names each');
    if (route.body) failures[400] = problem('the body is not valid JSON');
    for (const [status, description] of Object.entries(route.failures ?? {})) failures[Number(status)] = problem(description);

    const contentType = route.response.contentType ?? 'application/json';
    registry.registerPath({
      method: route.method,
      path: route.path.replace(/:(\w+)/g, '{$1}'),
      summary: route.summary,
      tags: [route.tag],
      security: route.access === 'public' ? [] : [{ bearer: [] }],
      description: route.access === 'public' ? 'No token needed.' : `Roles: ${route.access.join(', ')}.`,
      request: {
        params: route.params as z.ZodObject | undefined,
        query: route.query as z.ZodObject | undefined,
        body: route.body ? { content: { 'application/json': { schema: route.body as ZodType } } } : undefined,
      },
      responses: {
        [route.response.status]: {
          description: route.response.description,
          ...(route.response.schema ? { content: { [contentType]: { schema: route.response.schema as ZodType } } } : {}),
        },
        ...failures,
      },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'AIMS cycles API',
      version,
      description: 'ISO/IEC 42001 audit, review, corrective-action and certification cycles. Errors are application/problem+json.',
    },
  });
}
