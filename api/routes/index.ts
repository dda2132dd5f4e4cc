import type { AnswerOf, HttpMethod, RouteDefinition } from '../route';
import { aiSystemRoutes } from './ai-systems.routes';
import { documentRoutes } from './documents.routes';
import { supplierRoutes } from './suppliers.routes';
import { readinessRoutes } from './readiness.routes';
import { aimsRoutes } from './aims.routes';
import { auditTrailRoutes } from './audit-trail.routes';
import { attentionRoutes } from './attention.routes';
import { auditRoutes } from './audits.routes';
import { certificationRoutes } from './certification.routes';
import { caseRoutes } from './cases.routes';
import { evidenceRoutes } from './evidence.routes';
import { exportRoutes } from './exports.routes';
import { recordExportRoutes } from './record-exports.routes';
import { evidencePackageRoutes } from './evidence-packages.routes';
import { organisationArchiveRoutes } from './organisation-archive.routes';
import { organisationDeletionRoutes } from './organisation-deletion.routes';
import { externalAuditorRoutes } from './external-auditors.routes';
import { feedRoutes } from './feeds.routes';
import { healthRoutes } from './health.routes';
import { openApiRoutes } from './openapi.routes';
import { overdueRoutes } from './overdue.routes';
import { peopleRoutes } from './people.routes';
import { organisationRoutes } from './organisations.routes';
import { programmeRoutes } from './programme.routes';
import { taskRoutes } from './tasks.routes';
import { tokenRoutes } from './tokens.routes';
import { reviewRoutes } from './reviews.routes';

const typedRoutes = [
  ...healthRoutes,
  ...openApiRoutes,
  ...peopleRoutes,
  ...organisationRoutes,
  ...tokenRoutes,
  ...aimsRoutes,
  ...auditTrailRoutes,
  ...caseRoutes,
  ...evidenceRoutes,
  ...exportRoutes,
  ...recordExportRoutes,
  ...evidencePackageRoutes,
  ...organisationArchiveRoutes,
  ...organisationDeletionRoutes,
  ...taskRoutes,
  ...overdueRoutes,
  ...programmeRoutes,
  ...auditRoutes,
  ...certificationRoutes,
  ...reviewRoutes,
  ...feedRoutes,
  ...attentionRoutes,
  ...aiSystemRoutes,
  ...documentRoutes,
  ...supplierRoutes,
  ...readinessRoutes,
  ...externalAuditorRoutes,
];

/** Every route of the API. The OpenAPI document and the auth tests are built from this list. */
export const allRoutes: readonly RouteDefinition[] = typedRoutes;

/** Any route of the API, with its method, path and answer type. */
export type ApiRoute = (typeof typedRoutes)[number];
/** The paths of the API's routes of one method, as written in their definitions (`/cases/:id`). */
export type ApiPath<M extends HttpMethod> = Extract<ApiRoute, { method: M }>['path'];
/** What the route `M Path` answers with, as its response schema describes it. */
export type ApiAnswer<M extends HttpMethod, Path extends string> = AnswerOf<Extract<ApiRoute, { method: M; path: Path }>>;
