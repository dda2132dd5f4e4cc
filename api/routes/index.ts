import type { RouteDefinition } from '../route';
import { healthRoutes } from './health.routes';
import { openApiRoutes } from './openapi.routes';
import { peopleRoutes } from './people.routes';

/** Every route of the API. The OpenAPI document and the auth tests are built from this list. */
export const allRoutes: readonly RouteDefinition[] = [...healthRoutes, ...openApiRoutes, ...peopleRoutes];
