import type { RouteDefinition } from '../route';
import { aimsRoutes } from './aims.routes';
import { attentionRoutes } from './attention.routes';
import { auditRoutes } from './audits.routes';
import { certificationRoutes } from './certification.routes';
import { caseRoutes } from './cases.routes';
import { feedRoutes } from './feeds.routes';
import { healthRoutes } from './health.routes';
import { openApiRoutes } from './openapi.routes';
import { overdueRoutes } from './overdue.routes';
import { peopleRoutes } from './people.routes';
import { programmeRoutes } from './programme.routes';
import { taskRoutes } from './tasks.routes';
import { reviewRoutes } from './reviews.routes';

/** Every route of the API. The OpenAPI document and the auth tests are built from this list. */
export const allRoutes: readonly RouteDefinition[] = [
  ...healthRoutes,
  ...openApiRoutes,
  ...peopleRoutes,
  ...aimsRoutes,
  ...caseRoutes,
  ...taskRoutes,
  ...overdueRoutes,
  ...programmeRoutes,
  ...auditRoutes,
  ...certificationRoutes,
  ...reviewRoutes,
  ...feedRoutes,
  ...attentionRoutes,
];
