import { defineRoute } from '../route';
import { openApiDocumentSchema, type OpenApiDocument } from '../schemas/openapi.schema';

export const openApiRoutes = [
  defineRoute({
    method: 'get',
    path: '/openapi.json',
    summary: 'This API, described as OpenAPI 3.1',
    tag: 'meta',
    // Public: tools and code generators fetch the document without a token (it names no data).
    access: 'public',
    scope: 'public',
    response: { status: 200, description: 'the OpenAPI document', schema: openApiDocumentSchema },
    // Built lazily from the route list, which imports this file: see app.ts.
    handler: async ({ req }) => ({ body: (req.app.get('openapi-document') as () => OpenApiDocument)() }),
  }),
];
