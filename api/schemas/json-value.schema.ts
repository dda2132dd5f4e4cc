import { z } from 'zod';
import type { JsonValue } from '../../domain/json';

// Recursive, and registered as a component: the OpenAPI generator refers to it instead of
// unfolding it forever (z.json() is the same shape but cannot be documented).
export const jsonValueSchema: z.ZodType<JsonValue, JsonValue> = z
  .lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValueSchema), z.record(z.string(), jsonValueSchema)]))
  .meta({ id: 'JsonValue', description: 'any JSON value' });
