import type { Request, Response, Router } from 'express';
import type { ApiContext } from '../../api/api-context';
import { hasProgramme } from '../../db/repositories/programme.repository';
import type { Person } from '../../db/tables/people.table';
import { first } from '../form-values';
import { noticeOf, postForm, sendPage, type Outcome } from '../form-post';
import { callApi, signedIn } from '../page-kit';
import { programmePage } from '../pages/programme.page';

const DONE = {
  started: 'The audit programme is started.',
  cadence: 'The cadence is changed: a new series of audits follows.',
  pause: 'The programme is paused: no audit opens until it is resumed.',
  resume: 'The programme is resumed.',
};

/** An AIMS's audit programme (start, cadence, pause and resume through the API's programme routes) and its coverage matrix. */
export function mountProgrammePages(router: Router, ctx: ApiContext): void {
  const show = async (req: Request, res: Response, person: Person, outcome: Outcome) => {
    const params = { id: String(req.params.id) };
    const aims = await callApi(ctx, { method: 'get', path: '/aims/:id', params }, person, req, res);
    const programme = (await hasProgramme(ctx.db, aims.id))
      ? await callApi(ctx, { method: 'get', path: '/aims/:id/programme', params }, person, req, res)
      : undefined;
    const { items: coverage } = await callApi(ctx, { method: 'get', path: '/aims/:id/coverage', params }, person, req, res);
    sendPage(res, outcome, programmePage({ person, aims, programme, coverage, outcome }));
  };
  router.get(
    '/aims/:id/programme',
    signedIn(ctx, (req, res, person) => show(req, res, person, { notice: noticeOf(DONE, req.query.done) })),
  );
  const back = (key: keyof typeof DONE) => (req: Request) => `/ui/aims/${String(req.params.id)}/programme?done=${key}`;
  postForm(router, ctx, '/aims/:id/programme/start', {
    form: 'start',
    calls: (req, f) => [
      { method: 'post', path: '/aims/:id/programme', params: { id: req.params.id }, body: { cadence: first(f.cadence), anchorDate: first(f.anchorDate) } },
    ],
    done: back('started'),
    show,
  });
  postForm(router, ctx, '/aims/:id/programme/cadence', {
    form: 'cadence',
    calls: (req, f) => [
      {
        method: 'post',
        path: '/aims/:id/programme/cadence',
        params: { id: req.params.id },
        body: { cadence: first(f.cadence), anchorDate: first(f.anchorDate), reason: first(f.reason) },
      },
    ],
    done: back('cadence'),
    show,
  });
  for (const command of ['pause', 'resume'] as const) {
    postForm(router, ctx, `/aims/:id/programme/${command}`, {
      form: 'pause',
      calls: (req, f) => [{ method: 'post', path: `/aims/:id/programme/${command}`, params: { id: req.params.id }, body: { reason: first(f.reason) } }],
      done: back(command),
      show,
    });
  }
}
