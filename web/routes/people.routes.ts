import type { Request, Response, Router } from 'express';
import type { ApiContext } from '../../api/api-context';
import type { Person } from '../../db/tables/people.table';
import { AppError } from '../../domain/app-error';
import { all, first } from '../form-values';
import { callApi, refusalOf, signedIn, submitToApi, type Form } from '../page-kit';
import { peoplePage, type PeopleData } from '../pages/people.page';

const DONE: Record<string, string> = {
  edit: 'Saved. A new zone or manager applies to what is already planned.',
  deactivation: 'Deactivated: their open tasks are handed over and their sign-ins revoked.',
  import: 'Imported: everyone in the file was added.',
};

/** The admin's people page: each form is one call of the API's people routes. */
export function mountPeoplePages(router: Router, ctx: ApiContext): void {
  const show = async (req: Request, res: Response, person: Person, extra: Omit<PeopleData, 'person' | 'people'> & { status?: number } = {}) => {
    if (!person.roles.includes('admin')) throw new AppError('forbidden', 'only an admin manages people');
    const { items } = await callApi(ctx, { method: 'get', path: '/people' }, person, req, res);
    const { status, ...data } = extra;
    res
      .status(status ?? 200)
      .type('html')
      .send(peoplePage({ person, people: items, ...data }));
  };
  const refused = (req: Request, res: Response, person: Person, csv?: string) => async (refusal: { status: number; message: string }) =>
    show(req, res, person, { status: refusal.status, error: refusal.message, csv });

  router.get(
    '/people',
    signedIn(ctx, (req, res, person) => show(req, res, person, { notice: DONE[String(req.query.done)] })),
  );

  router.post(
    '/people/:id/edit',
    signedIn(ctx, async (req, res, person) => {
      const form = (req.body ?? {}) as Form;
      const body = {
        name: first(form.name),
        email: first(form.email),
        timeZone: first(form.timeZone),
        department: first(form.department) || null,
        managerId: first(form.managerId) || null,
        roles: all(form.roles),
      };
      await submitToApi(ctx, { person, req, res }, [{ method: 'patch', path: '/people/:id', params: { id: String(req.params.id) }, body }], {
        done: '/ui/people?done=edit',
        refused: refused(req, res, person),
      });
    }),
  );

  router.post(
    '/people/:id/deactivation',
    signedIn(ctx, async (req, res, person) => {
      const form = (req.body ?? {}) as Form;
      const body = { newOwnerId: first(form.newOwnerId) || undefined, reason: first(form.reason) };
      await submitToApi(ctx, { person, req, res }, [{ method: 'post', path: '/people/:id/deactivation', params: { id: String(req.params.id) }, body }], {
        done: '/ui/people?done=deactivation',
        refused: refused(req, res, person),
      });
    }),
  );

  router.post(
    '/people/import',
    signedIn(ctx, async (req, res, person) => {
      const form = (req.body ?? {}) as Form;
      const csv = first(form.csv) ?? '';
      if (first(form.mode) === 'import') {
        await submitToApi(ctx, { person, req, res }, [{ method: 'post', path: '/people/import', body: { csv, dryRun: false } }], {
          done: '/ui/people?done=import',
          refused: refused(req, res, person, csv),
        });
        return;
      }
      try {
        const dryRun = await callApi(ctx, { method: 'post', path: '/people/import', body: { csv, dryRun: true } }, person, req, res);
        await show(req, res, person, { dryRun, csv });
      } catch (error) {
        const refusal = refusalOf(error);
        if (!refusal) throw error;
        await refused(req, res, person, csv)(refusal);
      }
    }),
  );
}
