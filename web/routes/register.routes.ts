import type { Request, Response, Router } from 'express';
import type { ApiContext } from '../../api/api-context';
import { listAimsNames } from '../../db/repositories/aims.repository';
import { listActivePersonNames, listDepartments } from '../../db/repositories/people.repository';
import type { Person } from '../../db/tables/people.table';
import { first, type TypedForm } from '../form-values';
import { sendPage, type Outcome } from '../form-post';
import { callApi, refusalOf, signedIn, visibleTo } from '../page-kit';
import { raiseCasePage } from '../pages/raise-case.page';
import { registerPage } from '../pages/register.page';

const PAGE_SIZE = 25;
const FILTERS = [
  'aimsId',
  'status',
  'severity',
  'source',
  'ownerId',
  'department',
  'clauseRef',
  'overdue',
  'raisedFrom',
  'raisedTo',
  'q',
  'sort',
  'order',
  'offset',
];
/** What a link from an audit, a review or an external audit may fill in on the raising form. */
const PRESETS = ['aimsId', 'source', 'auditId', 'clauseRef', 'severity', 'title'];

const picked = (query: Request['query'], names: string[]) =>
  Object.fromEntries(names.flatMap((n) => (typeof query[n] === 'string' && query[n] !== '' ? [[n, query[n] as string]] : [])));

/** The nonconformity register (the API's `GET /cases`) and raising a nonconformity (`POST /cases`). */
export function mountRegisterPages(router: Router, ctx: ApiContext): void {
  const pickers = async (person: Person) => {
    const visible = await visibleTo(ctx, person);
    const [aims, people, departments] = await Promise.all([
      listAimsNames(ctx.db, visible.aimsIds),
      listActivePersonNames(ctx.db, visible.organisationIds),
      // Departments are people's details: not offered to someone of no organisation's membership (an external auditor).
      visible.organisationIds.length ? listDepartments(ctx.db) : [],
    ]);
    return { aims: aims.map((a) => ({ value: a.id, text: a.name })), people: people.map((p) => ({ value: p.id, text: p.name })), departments };
  };

  router.get(
    '/cases',
    signedIn(ctx, async (req, res, person) => {
      const filter = picked(req.query, FILTERS);
      const lists = await pickers(person);
      try {
        const { items, total } = await callApi(ctx, { method: 'get', path: '/cases', query: { ...filter, limit: String(PAGE_SIZE) } }, person, req, res);
        res.type('html').send(registerPage({ person, filter, items, total, pageSize: PAGE_SIZE, ...lists }));
      } catch (error) {
        // A filter the API refuses is shown beside the filters, as typed.
        const refusal = refusalOf(error);
        if (!refusal) throw error;
        const page = registerPage({ person, filter, items: [], total: 0, pageSize: PAGE_SIZE, ...lists, refused: refusal.message.replace(/^query\./, '') });
        res.status(refusal.status).type('html').send(page);
      }
    }),
  );

  // The exports: the API's own routes, with the register's filters as the page has them.
  for (const format of ['csv', 'xlsx'] as const) {
    router.get(
      `/exports/nc-register.${format}`,
      signedIn(ctx, async (req, res, person) => {
        const answer = await callApi(ctx, { method: 'get', path: `/exports/nc-register.${format}`, query: picked(req.query, FILTERS) }, person, req, res);
        if (!res.headersSent) res.type('text/csv; charset=utf-8').send(answer);
      }),
    );
  }

  const showRaise = async (req: Request, res: Response, person: Person, outcome: Outcome) => {
    const { aims, people } = await pickers(person);
    sendPage(res, outcome, raiseCasePage({ person, aims, people, preset: picked(req.query, PRESETS), outcome }));
  };
  router.get(
    '/cases/new',
    signedIn(ctx, (req, res, person) => showRaise(req, res, person, {})),
  );
  // Not through postForm: the browser goes on to the new case's page, whose id the API gives.
  router.post(
    '/cases',
    signedIn(ctx, async (req, res, person) => {
      const typed = (req.body ?? {}) as TypedForm;
      const body = {
        aimsId: first(typed.aimsId),
        title: first(typed.title),
        description: first(typed.description) ?? '',
        source: first(typed.source),
        severity: first(typed.severity),
        ownerId: first(typed.ownerId),
        clauseRef: first(typed.clauseRef) || null,
        auditId: first(typed.auditId) || null,
      };
      try {
        const raised = await callApi(ctx, { method: 'post', path: '/cases', body }, person, req, res);
        res.redirect(303, `/ui/cases/${raised.id}`);
      } catch (error) {
        const refusal = refusalOf(error);
        if (!refusal) throw error;
        await showRaise(req, res, person, { status: refusal.status, refused: { form: 'case', message: refusal.message, typed } });
      }
    }),
  );
}
