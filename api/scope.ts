import type { Person } from '../db/tables/people.table';
import { findItemAims } from '../db/repositories/item-aims.repository';
import { findPersonById } from '../db/repositories/people.repository';
import { listOrganisationIdsOfPerson } from '../db/repositories/memberships.repository';
import { AppError } from '../domain/app-error';
import type { Role } from '../domain/roles';
import { loadReach, Reach } from '../services/access';
import type { ApiContext } from './api-context';
import { externalAuditorReads } from './external-auditor-reads';
import type { RouteDefinition } from './route';

export interface Scoped {
  /** The caller with the roles they hold where this call acts (what handlers and workflows check). */
  person: Person;
  reach: Reach;
  aimsIds: readonly string[];
  organisationIds: readonly string[];
  /** The organisation of the one AIMS the call acts on, when it acts on one. */
  organisationId?: string;
  /** The AIMS this call reads through external auditor grants alone, with each grant's id (every such read goes to the trail). */
  externalAudit?: { aimsId: string; grantId: string }[];
}

const NOBODY = new Reach([]);

function requireOneOf(held: readonly Role[], allowed: readonly Role[]): void {
  if (!held.some((role) => allowed.includes(role))) {
    throw new AppError('forbidden', `this needs one of the roles ${allowed.join(', ')}; you have ${held.join(', ') || 'none'} here`);
  }
}

/**
 * The caller's reach now (external auditor grants in force included), narrowed to the current
 * organisation when one is chosen (the pages' switcher, the API's X-Organisation-Id). `loaded`:
 * the reach read at this request's instant with the caller's token, used instead of reading it again.
 */
export async function reachOf(ctx: ApiContext, person: Person, organisationId?: string, loaded?: Reach): Promise<Reach> {
  const reach = loaded ?? (await loadReach(ctx.db, person.id, ctx.clock.now()));
  return organisationId ? reach.within(organisationId) : reach;
}

/**
 * First step of every call: the roles the route needs must be held somewhere (403 says nothing
 * about any item). Then `resolveScope` places the call.
 */
export function checkRolesAnywhere(route: RouteDefinition, person: Person, reach: Reach): void {
  if (route.access === 'public') return;
  if (route.access === 'operator') {
    if (!person.operator) throw new AppError('forbidden', 'only the deployment operator manages organisations');
    return;
  }
  // The operator reaches the deployment's own items (the digests' attention items) without a role;
  // inside an organisation they are nobody, which `resolveScope` answers like an unknown id.
  if (person.operator && typeof route.scope === 'object' && 'item' in route.scope) return;
  // An external auditor reads their AIMS without any role; the scope then places the call there or nowhere.
  if (reach.auditedAims().length > 0 && externalAuditorReads(route)) return;
  requireOneOf(reach.allRoles(), route.access);
}

/**
 * Places a call on its AIMS or organisations (see `Scope` in route.ts): an item out of reach is
 * the same 404 as an unknown id, and the roles checked (and handed to the workflows as the actor's)
 * are those held on that item's AIMS.
 */
export async function resolveScope(
  route: RouteDefinition,
  person: Person | undefined,
  reach: Reach,
  input: { params: Record<string, unknown>; body: unknown },
  ctx: ApiContext,
): Promise<Scoped> {
  const scope = route.scope;
  if (scope === 'public' || !person) return { person: person!, reach: NOBODY, aimsIds: [], organisationIds: [] };
  // The operator's routes see organisations, never inside them: no roles, no AIMS.
  if (scope === 'operator' || route.access === 'operator') return { person: { ...person, roles: [] }, reach, aimsIds: [], organisationIds: [] };
  const access = route.access as readonly Role[];
  const all = { reach, organisationIds: reach.organisationsWith(access) };
  if (scope === 'list' && externalAuditorReads(route)) {
    const withRoles = reach.aimsWith(access);
    const audited = reach.auditedAims().filter((id) => !withRoles.includes(id));
    const externalAudit = audited.map((aimsId) => ({ aimsId, grantId: reach.grantOn(aimsId)!.id }));
    return { person: { ...person, roles: reach.allRoles() }, aimsIds: [...withRoles, ...audited], ...all, ...(externalAudit.length ? { externalAudit } : {}) };
  }
  if (scope === 'list' || scope === 'organisation' || scope === 'self') {
    return { person: { ...person, roles: reach.allRoles() }, aimsIds: reach.aimsWith(access), ...all };
  }
  if ('item' in scope) {
    const id = String(input.params[scope.param ?? 'id']);
    const found = await findItemAims(ctx.db, scope.item, id);
    if (!found) throw new AppError('not_found', `no ${scope.item} ${id}`);
    // An item of no AIMS (an attention item of the digests) belongs to the deployment, not to an
    // organisation: only its operator reaches it, acting with the route's roles.
    if (found.aims_id === null) {
      if (!person.operator) throw new AppError('not_found', `no ${scope.item} ${id}`);
      return { person: { ...person, roles: [...access] }, aimsIds: [], ...all };
    }
    const grant = externalAuditorReads(route) ? reach.grantOn(found.aims_id) : undefined;
    if (grant && !reach.rolesOn(found.aims_id).some((r) => access.includes(r))) {
      // Read as the external auditor: no role on the AIMS (handlers see none), the read recorded.
      const organisationId = grant.organisation_id;
      const externalAudit = [{ aimsId: grant.aims_id, grantId: grant.id }];
      return { person: { ...person, roles: [] }, reach, aimsIds: [grant.aims_id], organisationIds: [organisationId], organisationId, externalAudit };
    }
    return onAims(person, access, found.aims_id, reach, () => new AppError('not_found', `no ${scope.item} ${id}`));
  }
  if ('aimsInBody' in scope) {
    const field = scope.aimsInBody;
    const id = String((input.body as Record<string, unknown> | undefined)?.[field]);
    return onAims(person, access, id, reach, () => new AppError('validation_failed', `no AIMS ${id}`, [{ field: `body.${field}`, reason: 'no such AIMS' }]));
  }
  if ('organisation' in scope) return onOrganisation(person, access, String(input.params[scope.organisation]), reach);
  const id = String(input.params[scope.person]);
  const target = await findPersonById(ctx.db, id);
  if (!target) throw new AppError('not_found', `no person ${id}`);
  if (target.id !== person.id) {
    const theirs = await listOrganisationIdsOfPerson(ctx.db, target.id);
    if (!theirs.some((o) => all.organisationIds.includes(o))) throw new AppError('not_found', `no person ${id}`);
  }
  // What one may do to a person is what one holds on their home organisation as a whole.
  const roles = reach.wideRolesIn(target.organisation_id);
  if (target.id !== person.id) requireOneOf(roles, access);
  return { person: { ...person, roles: target.id === person.id ? reach.allRoles() : roles }, aimsIds: reach.aimsWith(access), ...all };
}

/** An organisation the caller is no member of is the same 404 as an unknown one; within it, the roles held on it as a whole count. */
function onOrganisation(person: Person, access: readonly Role[], organisationId: string, reach: Reach): Scoped {
  if (!reach.organisationsWith().includes(organisationId)) throw new AppError('not_found', `no organisation ${organisationId}`);
  const roles = reach.wideRolesIn(organisationId);
  requireOneOf(roles, access);
  return { person: { ...person, roles }, reach, aimsIds: reach.aimsWith(access), organisationIds: [organisationId], organisationId };
}

function onAims(person: Person, access: readonly Role[], aimsId: string, reach: Reach, unknown: () => AppError): Scoped {
  const roles = reach.rolesOn(aimsId);
  if (roles.length === 0) throw unknown();
  requireOneOf(roles, access);
  const organisationId = reach.organisationOf(aimsId)!;
  return { person: { ...person, roles }, reach, aimsIds: [aimsId], organisationIds: [organisationId], organisationId };
}

/**
 * The one organisation a new AIMS or person goes into: where the caller holds one of the roles
 * organisation-wide. A caller in several such organisations names one (the pages' switcher, or
 * the API's `X-Organisation-Id` header), else 422.
 */
export function organisationForNew(reach: Reach, roles: readonly Role[]): string {
  const candidates = reach.organisationsWith(roles).filter((o) => reach.wideRolesIn(o).some((r) => roles.includes(r)));
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0) throw new AppError('forbidden', `this needs one of the roles ${roles.join(', ')} on a whole organisation`);
  throw new AppError('validation_failed', 'you belong to several organisations: name one in the X-Organisation-Id header', [
    { field: 'headers.x-organisation-id', reason: 'choose the organisation' },
  ]);
}
