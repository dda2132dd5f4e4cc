import type { ZodType } from 'zod';
import { AppError, type FieldProblem } from '../domain/app-error';

/**
 * How an answer differs from its route's response schema: what the schema refuses, and fields
 * it does not describe. Parsing alone would drop those silently, yet they are sent to clients
 * and missing from the OpenAPI document, so they count as drift too.
 */
export function responseDrift(schema: ZodType | undefined, body: unknown): FieldProblem[] {
  if (!schema) return body === undefined ? [] : [{ field: 'response', reason: 'the route declares no response body' }];
  if (body === undefined) return [{ field: 'response', reason: 'no body, but the route declares one' }];
  const parsed = schema.safeParse(body);
  if (!parsed.success) return parsed.error.issues.map((issue) => ({ field: fieldOf(issue.path), reason: issue.message }));
  return undescribed(body, parsed.data, []);
}

const fieldOf = (path: readonly PropertyKey[]) => ['response', ...path.map(String)].join('.');
const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Keys of the answer (undefined values aside: JSON drops them) that the parsed value lacks. */
function undescribed(sent: unknown, parsed: unknown, path: PropertyKey[]): FieldProblem[] {
  if (Array.isArray(sent) && Array.isArray(parsed)) return sent.flatMap((item, i) => undescribed(item, parsed[i], [...path, i]));
  if (!isPlainObject(sent) || !isPlainObject(parsed)) return [];
  return Object.entries(sent).flatMap(([key, value]) => {
    if (value === undefined) return [];
    if (!(key in parsed)) return [{ field: fieldOf([...path, key]), reason: 'not in the response schema' }];
    return undescribed(value, parsed[key], [...path, key]);
  });
}

/** The failure a strict check raises: the route and every drifting field, so a test names them. */
export function driftError(route: { method: string; path: string }, drift: FieldProblem[]): AppError {
  const list = drift.map((d) => `${d.field}: ${d.reason}`).join('; ');
  return new AppError('internal', `${route.method.toUpperCase()} ${route.path} answered outside its response schema: ${list}`, drift);
}
