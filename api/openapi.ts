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

/** The largest JSON body the API reads (app.ts); documented as 413 on every route that takes a body. */
export const JSON_BODY_LIMIT = '1mb';

const VERBS: Record<RouteDefinition['method'], string> = { get: 'get', post: 'post', put: 'put', patch: 'patch', delete: 'delete' };
const pascal = (word: string) =>
  word
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

/**
 * A route's operationId, derived from its method and path so that it is stable (it changes only
 * if the route does) and unique (method and path are): POST /cases/:id/containment is
 * `postCasesByIdContainment`, GET /feeds/:token/aims/:aimsId.ics `getFeedsByTokenAimsByAimsIdIcs`.
 */
export function operationIdOf(route: Pick<RouteDefinition, 'method' | 'path'>): string {
  const parts = route.path
    .split('/')
    .filter(Boolean)
    .map((segment) => segment.replace(/:(\w+)/g, (_m, name: string) => `By-${name}-`))
    .map(pascal);
  return VERBS[route.method] + parts.join('');
}

/**
 * A path parameter is always present and never null, but zod-to-openapi documents a coerced
 * number (`z.coerce.number()`, how path segments become numbers) as optional and nullable. The
 * document is corrected here for every route rather than in each schema.
 */
function requirePathParameters(paths: object | undefined): void {
  for (const operations of Object.values((paths ?? {}) as Record<string, Record<string, unknown>>)) {
    for (const operation of Object.values(operations) as { parameters?: { in: string; required?: boolean; schema?: { type?: unknown } }[] }[]) {
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in !== 'path') continue;
        parameter.required = true;
        const type = parameter.schema?.type;
        if (Array.isArray(type)) {
          const types = type.filter((t) => t !== 'null');
          parameter.schema!.type = types.length === 1 ? types[0] : types;
        }
      }
    }
  }
}

/** Builds the OpenAPI 3.1 document from the same route definitions the API mounts. */
export function buildOpenApiDocument(routes: readonly RouteDefinition[], version: string, serverUrl: string) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  for (const route of routes) {
    const failures: Record<number, ReturnType<typeof problem>> = {};
    if (route.access !== 'public') {
      failures[401] = problem('missing, unknown or revoked token');
      failures[403] = problem(
        route.access === 'operator' ? 'the caller is not the deployment operator' : `the caller holds none of the roles ${route.access.join(', ')}`,
      );
    }
    if (route.body || route.params || route.query) failures[422] = problem('a parameter or a body field is invalid; `errors` names each');
    // A route placed on an item or a person answers 404 for one out of the caller's reach, as for an unknown id.
    if (typeof route.scope === 'object' && !('aimsInBody' in route.scope)) failures[404] = problem('no such item, or not within your organisations and AIMS');
    if (route.body) {
      failures[400] = problem('the body is not valid JSON');
      failures[413] = problem(`the body is larger than ${JSON_BODY_LIMIT}`);
      failures[415] = problem('the body is not sent as application/json');
    }
    // Every route but liveness needs the database or Temporal; while one is down it answers 503 with Retry-After.
    if (route.path !== '/healthz') failures[503] = problem('the database or Temporal is down; retry after the `Retry-After` seconds');
    for (const [status, description] of Object.entries(route.failures ?? {})) failures[Number(status)] = problem(description);

    const contentType = route.response.contentType ?? 'application/json';
    registry.registerPath({
      method: route.method,
      path: route.path.replace(/:(\w+)/g, '{$1}'),
      operationId: operationIdOf(route),
      summary: route.summary,
      tags: [route.tag],
      security: route.access === 'public' ? [] : [{ bearer: [] }],
      description:
        route.access === 'public' ? 'No token needed.' : route.access === 'operator' ? 'The deployment operator only.' : `Roles: ${route.access.join(', ')}.`,
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
  const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'AIMS cycles API',
      version,
      description: 'ISO/IEC 42001 audit, review, corrective-action and certification cycles. Errors are application/problem+json.',
    },
    servers: [{ url: serverUrl, description: 'this deployment (its PUBLIC_BASE_URL)' }],
  });
  requirePathParameters(document.paths);
  return document;
}
