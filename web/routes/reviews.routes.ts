import type { Request, Response, Router } from 'express';
import type { ApiContext } from '../../api/api-context';
import { listActivePersonNames } from '../../db/repositories/people.repository';
import type { Person } from '../../db/tables/people.table';
import { AppError } from '../../domain/app-error';
import { REVIEW_INPUT_IDS as REVIEW_IDS } from '../../domain/review';
import { all, first } from '../form-values';
import { noticeOf, postForm, sendPage, type Outcome } from '../form-post';
import { callApi, signedIn } from '../page-kit';
import { DECISION_ROWS, reviewMinutesPage } from '../pages/review-minutes.page';
import { reviewsPage } from '../pages/reviews.page';

const DONE = {
  started: 'The review cycle is started: each review opens 20 working days before its meeting.',
  meeting: 'The meeting is recorded; the chair approves the minutes next.',
  approved: 'The minutes are approved; the review is closed.',
};

/** Management reviews: starting an AIMS's cycle, the planned and opened reviews, a review's meeting record and approval. */
export function mountReviewPages(router: Router, ctx: ApiContext): void {
  const people = async () => (await listActivePersonNames(ctx.db)).map((p) => ({ value: p.id, text: p.name }));

  const showReviews = async (req: Request, res: Response, person: Person, outcome: Outcome) => {
    const params = { id: String(req.params.id) };
    const aims = await callApi(ctx, { method: 'get', path: '/aims/:id', params }, person, req, res);
    const cycle = await callApi(ctx, { method: 'get', path: '/aims/:id/review-cycle', params }, person, req, res).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'not_found') return undefined;
      throw error;
    });
    const reviews = await callApi(ctx, { method: 'get', path: '/reviews', query: { aimsId: aims.id } }, person, req, res);
    sendPage(res, outcome, reviewsPage({ person, aims, cycle, reviews, people: await people(), outcome }));
  };
  router.get(
    '/aims/:id/reviews',
    signedIn(ctx, (req, res, person) => showReviews(req, res, person, { notice: noticeOf(DONE, req.query.done) })),
  );
  postForm(router, ctx, '/aims/:id/reviews', {
    form: 'cycle',
    calls: (req, f) => {
      const interval = first(f.intervalMonths)?.trim();
      const body = {
        chairId: first(f.chairId),
        attendeeIds: all(f.attendeeIds),
        inputOwners: Object.fromEntries(REVIEW_IDS.map((id) => [id, first(f[`input.${id}`])])),
        firstMeetingDate: first(f.firstMeetingDate),
        // Typed as it is: the API says why "twelve" is not a number of months.
        ...(interval ? { intervalMonths: /^\d+$/.test(interval) ? Number(interval) : interval } : {}),
      };
      return [{ method: 'post', path: '/aims/:id/reviews', params: { id: req.params.id }, body }];
    },
    done: (req) => `/ui/aims/${String(req.params.id)}/reviews?done=started`,
    show: showReviews,
  });

  const showMinutes = async (req: Request, res: Response, person: Person, outcome: Outcome) => {
    const review = await callApi(ctx, { method: 'get', path: '/reviews/:id', params: { id: String(req.params.id) } }, person, req, res);
    sendPage(res, outcome, reviewMinutesPage({ person, review, people: await people(), outcome }));
  };
  router.get(
    '/reviews/:id/minutes',
    signedIn(ctx, (req, res, person) => showMinutes(req, res, person, { notice: noticeOf(DONE, req.query.done) })),
  );
  postForm(router, ctx, '/reviews/:id/minutes', {
    form: 'meeting',
    calls: (req, f) => {
      // A row with nothing in it is no decision; a half-filled one goes as it is and is refused with its field named.
      const decisions = DECISION_ROWS.filter((n) => ['Kind', 'Text', 'Action', 'Owner', 'Due'].some((part) => first(f[`decision${n}${part}`])?.trim())).map(
        (n) => {
          const action = first(f[`decision${n}Action`])?.trim();
          return {
            kind: first(f[`decision${n}Kind`]),
            text: first(f[`decision${n}Text`]),
            action:
              action || first(f[`decision${n}Owner`]) || first(f[`decision${n}Due`])
                ? { title: action, ownerId: first(f[`decision${n}Owner`]), dueDate: first(f[`decision${n}Due`]) }
                : null,
          };
        },
      );
      const body = { attendeeIds: all(f.attendeeIds), minutes: first(f.minutes), decisions };
      return [{ method: 'post', path: '/reviews/:id/meeting', params: { id: req.params.id }, body }];
    },
    done: (req) => `/ui/reviews/${String(req.params.id)}/minutes?done=meeting`,
    show: showMinutes,
  });
  postForm(router, ctx, '/reviews/:id/approval', {
    form: 'approval',
    calls: (req) => [{ method: 'post', path: '/reviews/:id/approval', params: { id: req.params.id }, body: {} }],
    done: (req) => `/ui/reviews/${String(req.params.id)}/minutes?done=approved`,
    show: showMinutes,
  });
}
