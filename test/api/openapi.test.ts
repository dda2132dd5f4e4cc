import { validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument, operationIdOf } from '../../api/openapi';
import { allRoutes } from '../../api/routes';

// The document code generators and fuzzers read: valid OpenAPI 3.1 by an independent validator
// (@readme/openapi-parser: maintained, OpenAPI 3.1 schemas, used by ReadMe's own tooling), and
// the four points acceptance testing found missing, asserted one by one. test/api/auth.test.ts
// checks that the running API serves it without a token, with its configured server URL.

interface Operation {
  operationId?: string;
  parameters?: { in: string; name: string; required?: boolean; schema: { type?: unknown } }[];
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, unknown> }>;
}
type Document = { servers?: { url: string }[]; paths: Record<string, Record<string, Operation>> };

const SERVER = 'https://aims.example.org';
const build = () => JSON.parse(JSON.stringify(buildOpenApiDocument(allRoutes, '0.1.0', SERVER))) as Document;
const operations = (document: Document) =>
  Object.entries(document.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ label: `${method.toUpperCase()} ${path}`, op })));

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1', async () => {
    const result = await validate(build() as never);
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('is refused by the validator when a path parameter is not required (the defect found)', async () => {
    const broken = build();
    const move = broken.paths['/aims/{id}/programme/occurrences/{index}/move']!.post!;
    move.parameters!.find((p) => p.name === 'index')!.required = false;
    expect((await validate(broken as never)).valid).toBe(false);
  });

  it('marks every path parameter required and not nullable, the occurrence index included', () => {
    const document = build();
    const pathParameters = operations(document).flatMap(({ label, op }) => (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => ({ label, ...p })));
    expect(pathParameters.length).toBeGreaterThan(40);
    for (const p of pathParameters) {
      expect(p.required, `${p.label} ${p.name}`).toBe(true);
      expect(JSON.stringify(p.schema.type), `${p.label} ${p.name}`).not.toContain('null');
    }
    for (const command of ['move', 'skip']) {
      const index = document.paths[`/aims/{id}/programme/occurrences/{index}/${command}`]!.post!.parameters!.find((p) => p.name === 'index')!;
      expect([index.required, index.schema.type]).toEqual([true, 'integer']);
    }
  });

  it('gives every operation a unique operationId derived from its route', () => {
    const ids = operations(build()).map(({ op }) => op.operationId);
    expect(ids).toHaveLength(allRoutes.length);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^(get|post|put|patch|delete)[A-Z][A-Za-z0-9]*$/);
    // Stable: the same route gives the same id, whatever else changes in the document.
    expect(operationIdOf({ method: 'post', path: '/cases/:id/containment' })).toBe('postCasesByIdContainment');
    expect(operationIdOf({ method: 'get', path: '/feeds/:token/aims/:aimsId.ics' })).toBe('getFeedsByTokenAimsByAimsIdIcs');
    expect(build().paths['/reviews/{id}']!.get!.operationId).toBe('getReviewsById');
    expect(build().paths['/reviews']!.get!.operationId).toBe('getReviews');
  });

  it('names the configured public base URL as its server', () => {
    expect(build().servers).toEqual([expect.objectContaining({ url: SERVER })]);
  });

  it('documents 413 and 415 as problem+json wherever a body is taken', () => {
    const withBody = operations(build()).filter(({ op }) => op.requestBody);
    expect(withBody.length).toBeGreaterThan(30);
    for (const { label, op } of withBody) {
      for (const status of ['413', '415']) expect(Object.keys(op.responses[status]?.content ?? {}), `${label} ${status}`).toEqual(['application/problem+json']);
    }
  });
});
