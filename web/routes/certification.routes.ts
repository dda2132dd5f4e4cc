import type { Request, Response, Router } from 'express';
import type { ApiContext } from '../../api/api-context';
import type { ApiPath } from '../../api/routes';
import { listActivePersonNames } from '../../db/repositories/people.repository';
import type { Person } from '../../db/tables/people.table';
import { localDateOf } from '../../calendar/local-time';
import { AppError } from '../../domain/app-error';
import { first, type TypedForm } from '../form-values';
import { noticeOf, postForm, sendPage, type Outcome } from '../form-post';
import { callApi, signedIn } from '../page-kit';
import { FINDING_ROWS, certificationRecordPage } from '../pages/certification-record.page';

const DONE = {
  start: 'The certification record is started.',
  body: 'The certification body is recorded.',
  stage1: 'Stage 1 is recorded.',
  stage2: 'Stage 2 is recorded.',
  decision: 'The decision is recorded: a three-year cycle starts.',
  external: 'The external audit is recorded; each finding opened a corrective-action case.',
  restore: 'The certificate is restored.',
  package: 'The evidence package is being built; this page shows its progress until it is ready.',
  granted: 'External auditor access is granted; the auditor is emailed the period and the sign-in address below.',
  revoked: 'External auditor access is revoked: it ends at once.',
};

/** Which API route each form posts to (under /aims/:id/certification) and the body it sends. */
const FORMS: Record<Exclude<keyof typeof DONE, 'start' | 'package' | 'granted' | 'revoked'>, { path: ApiPath<'post'>; body: (f: TypedForm) => unknown }> = {
  body: { path: '/aims/:id/certification/body', body: (f) => ({ name: first(f.name) }) },
  stage1: { path: '/aims/:id/certification/stage1', body: (f) => ({ date: first(f.date), outcome: first(f.outcome) }) },
  stage2: { path: '/aims/:id/certification/stage2', body: (f) => ({ date: first(f.date), outcome: first(f.outcome) }) },
  decision: { path: '/aims/:id/certification/decision', body: (f) => ({ date: first(f.date) }) },
  external: {
    path: '/aims/:id/certification/external-audits',
    body: (f) => ({
      kind: first(f.kind),
      date: first(f.date),
      outcome: first(f.outcome),
      // A blank row is no finding; a half-filled one goes as it is and is refused with its field named.
      findings: FINDING_ROWS.filter((n) => ['Item', 'Severity', 'Owner', 'Description'].some((p) => first(f[`finding${n}${p}`])?.trim())).map((n) => ({
        item: first(f[`finding${n}Item`]),
        severity: first(f[`finding${n}Severity`]),
        ownerId: first(f[`finding${n}Owner`]),
        description: first(f[`finding${n}Description`]),
      })),
    }),
  },
  restore: { path: '/aims/:id/certification/restore', body: (f) => ({ date: first(f.date), reason: first(f.reason) }) },
};

/** Recording an AIMS's certification from a page: each form posts through the API's certification routes. */
export function mountCertificationPages(router: Router, ctx: ApiContext): void {
  const show = async (req: Request, res: Response, person: Person, outcome: Outcome) => {
    const params = { id: String(req.params.id) };
    const aims = await callApi(ctx, { method: 'get', path: '/aims/:id', params }, person, req, res);
    const certification = await callApi(ctx, { method: 'get', path: '/aims/:id/certification', params }, person, req, res).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'not_found') return undefined;
      throw error;
    });
    const people = (await listActivePersonNames(ctx.db)).map((p) => ({ value: p.id, text: p.name }));
    // The packages as the API shows them to this person; a role that may not see them sees no section.
    const packages = await callApi(ctx, { method: 'get', path: '/aims/:id/evidence-packages', params }, person, req, res).then(
      (answer) => answer.items,
      (error: unknown) => {
        if (error instanceof AppError && error.code === 'forbidden') return undefined;
        throw error;
      },
    );
    // The external auditor section is the programme manager's: anyone else is refused the list, and sees no section.
    const grants = await callApi(ctx, { method: 'get', path: '/aims/:id/external-auditors', params }, person, req, res).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'forbidden') return undefined;
      throw error;
    });
    const today = localDateOf(ctx.clock.now(), aims.timeZone);
    sendPage(res, outcome, certificationRecordPage({ person, aims, certification, people, outcome, packages, grants, today }));
  };
  router.get(
    '/aims/:id/certification/record',
    signedIn(ctx, (req, res, person) => show(req, res, person, { notice: noticeOf(DONE, req.query.done) })),
  );
  const back = (key: keyof typeof DONE) => (req: Request) => `/ui/aims/${String(req.params.id)}/certification/record?done=${key}`;
  postForm(router, ctx, '/aims/:id/certification/start', {
    form: 'start',
    calls: (req, f) => [
      {
        method: 'post',
        path: '/aims/:id/certification',
        params: { id: req.params.id },
        body: { certificationBody: first(f.certificationBody)?.trim() || null },
      },
    ],
    done: back('start'),
    show,
  });
  postForm(router, ctx, '/aims/:id/evidence-packages', {
    form: 'package',
    calls: (req, f) => [
      {
        method: 'post',
        path: '/aims/:id/evidence-packages',
        params: { id: req.params.id },
        body: { kind: first(f.kind), ...(first(f.periodStart)?.trim() ? { periodStart: first(f.periodStart)!.trim() } : {}) },
      },
    ],
    done: back('package'),
    show,
  });
  // The built ZIP, downloaded through the API's own route.
  router.get(
    '/aims/:id/evidence-packages/:packageId/package.zip',
    signedIn(ctx, async (req, res, person) => {
      const params = { id: String(req.params.id), packageId: String(req.params.packageId) };
      await callApi(ctx, { method: 'get', path: '/aims/:id/evidence-packages/:packageId/package.zip', params }, person, req, res);
    }),
  );
  postForm(router, ctx, '/aims/:id/external-auditors', {
    form: 'grant',
    calls: (req, f) => [
      {
        method: 'post',
        path: '/aims/:id/external-auditors',
        params: { id: req.params.id },
        // Blank choices are left out, so the API's defaults (the audit's dates ± 7 days) apply.
        body: {
          name: first(f.name),
          email: first(f.email)?.trim(),
          audit: first(f.audit) || undefined,
          from: first(f.from) || undefined,
          until: first(f.until) || undefined,
        },
      },
    ],
    done: back('granted'),
    show,
  });
  postForm(router, ctx, '/aims/:id/external-auditors/:grantId/revocation', {
    form: 'revoke',
    calls: (req) => [{ method: 'post', path: '/aims/:id/external-auditors/:grantId/revocation', params: { id: req.params.id, grantId: req.params.grantId } }],
    done: back('revoked'),
    show,
  });
  for (const [form, spec] of Object.entries(FORMS) as [keyof typeof FORMS, (typeof FORMS)[keyof typeof FORMS]][]) {
    postForm(router, ctx, `/aims/:id/certification/${form === 'external' ? 'external-audits' : form}`, {
      form,
      calls: (req, f) => [{ method: 'post', path: spec.path, params: { id: req.params.id }, body: spec.body(f) }],
      done: back(form),
      show,
    });
  }
}
