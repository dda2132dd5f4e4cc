import type { Request, Response, Router } from 'express';
import type { ApiContext } from '../../api/api-context';
import type { ApiAnswer, ApiPath } from '../../api/routes';
import { findPersonNames, listActivePersonNames } from '../../db/repositories/people.repository';
import type { Person } from '../../db/tables/people.table';
import { AppError } from '../../domain/app-error';
import { html, type SafeHtml } from '../../domain/html';
import type { Outcome } from '../form-post';
import { callApi, first, signedIn, submitToApi, type Form } from '../page-kit';
import { aiSystemView } from '../ai-system-view';
import { aiSystemForms } from '../ai/system-forms';
import { documentFilesSection, documentView } from '../document-view';
import { documentVersionForm } from '../registers/document-version-form';
import { documentForms, supplierForms } from '../registers/retire-forms';
import { supplierView } from '../supplier-view';
import { auditView, caseEvidenceSection, caseView, certificationView, reviewView } from '../item-views';
import { itemPage, personIdsIn, type EvidenceSection, type ItemView } from '../pages/item.page';
import {
  aiSystemEvidenceSection,
  auditEvidenceSection,
  certificationEvidenceSection,
  reviewEvidenceSection,
  supplierEvidenceSection,
  type EvidenceList,
} from '../evidence-sections';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** What an item's own forms are drawn from: the viewer, the active people, the last form's outcome. */
export interface ItemFormsContext {
  person: Person;
  people: { id: string; name: string }[];
  outcome: Outcome;
}

interface ItemPage {
  path: ApiPath<'get'>;
  pattern: RegExp;
  /** The item's view, from the API's own read of it (its role check and validation included), with its own forms. */
  load: (ctx: ApiContext, id: string, person: Person, req: Request, res: Response, forms: Omit<ItemFormsContext, 'person'>) => Promise<ItemView>;
}

/**
 * An item page over the API's GET route of the same path: the view takes that route's typed
 * answer, and `forms` (if any) draws the item's own forms from the same answer.
 */
function itemPageOf<P extends ApiPath<'get'>>(
  path: P,
  pattern: RegExp,
  view: (answer: ApiAnswer<'get', P>) => ItemView,
  forms?: (answer: ApiAnswer<'get', P>, c: ItemFormsContext) => SafeHtml,
  evidence?: { list: EvidenceListPath; section: (answer: ApiAnswer<'get', P>, files: EvidenceList) => EvidenceSection },
): ItemPage {
  return {
    path,
    pattern,
    load: async (ctx, id, person, req, res, c) => {
      const answer = await callApi(ctx, { method: 'get', path, params: { id } }, person, req, res);
      const files = evidence && (await callApi(ctx, { method: 'get', path: evidence.list, params: { id } }, person, req, res));
      return {
        ...view(answer),
        ...(forms ? { forms: forms(answer, { ...c, person }) } : {}),
        ...(evidence && files ? { evidence: evidence.section(answer, files) } : {}),
      };
    },
  };
}

/** The upload routes of the items whose page has an evidence card (besides cases and documents). */
const EVIDENCE_UPLOADS = [
  '/audits/:id/evidence',
  '/reviews/:id/evidence',
  '/aims/:id/certification/evidence',
  '/ai-systems/:id/evidence',
  '/suppliers/:id/evidence',
] as const;
type EvidenceListPath = (typeof EVIDENCE_UPLOADS)[number];

/** Pages of single items; each path is also the API's path of the item, under /ui. */
const ITEM_PAGES: ItemPage[] = [
  {
    path: '/cases/:id',
    pattern: new RegExp(`^/cases/(${UUID})$`, 'i'),
    load: async (ctx, id, person, req, res) => {
      const answer = await callApi(ctx, { method: 'get', path: '/cases/:id', params: { id } }, person, req, res);
      const files = await callApi(ctx, { method: 'get', path: '/cases/:id/evidence', params: { id } }, person, req, res);
      return { ...caseView(answer), evidence: caseEvidenceSection(answer, files) };
    },
  },
  itemPageOf('/audits/:id', new RegExp(`^/audits/(${UUID})$`, 'i'), auditView, undefined, { list: '/audits/:id/evidence', section: auditEvidenceSection }),
  itemPageOf('/reviews/:id', new RegExp(`^/reviews/(${UUID})$`, 'i'), reviewView, undefined, { list: '/reviews/:id/evidence', section: reviewEvidenceSection }),
  itemPageOf('/aims/:id/certification', new RegExp(`^/aims/(${UUID})/certification$`, 'i'), certificationView, undefined, {
    list: '/aims/:id/certification/evidence',
    section: certificationEvidenceSection,
  }),
  itemPageOf('/ai-systems/:id', new RegExp(`^/ai-systems/(${UUID})$`, 'i'), aiSystemView, aiSystemForms, {
    list: '/ai-systems/:id/evidence',
    section: aiSystemEvidenceSection,
  }),
  {
    path: '/documents/:id',
    pattern: new RegExp(`^/documents/(${UUID})$`, 'i'),
    load: async (ctx, id, person, req, res, c) => {
      const answer = await callApi(ctx, { method: 'get', path: '/documents/:id', params: { id } }, person, req, res);
      const files = await callApi(ctx, { method: 'get', path: '/documents/:id/files', params: { id } }, person, req, res);
      return {
        ...documentView(answer),
        evidence: documentFilesSection(answer, files),
        forms: html`${documentVersionForm(answer, files, c)}${documentForms(answer, c)}`,
      };
    },
  },
  itemPageOf('/suppliers/:id', new RegExp(`^/suppliers/(${UUID})$`, 'i'), supplierView, supplierForms, {
    list: '/suppliers/:id/evidence',
    section: supplierEvidenceSection,
  }),
];

/** What the page says after a programme manager's command went through (fixed texts: nothing from the address is shown). */
const DONE: Record<string, string> = {
  reassigned: 'The task is reassigned: reminders now go to its new owner.',
  cancelled: 'The case is cancelled.',
  reopened: 'The case is reopened at root-cause analysis.',
  'ai-registered': 'The AI system is registered: its owner is asked for its first risk and impact assessments.',
  'ai-updated': 'The register entry is changed.',
  'ai-changed': 'The significant change is recorded: a reassessment is open.',
  'ai-retired': 'The AI system is retired: its open tasks are cancelled.',
  'document-retired': 'The document is retired: its open tasks are cancelled and its versions kept.',
  'supplier-retired': 'The supplier is retired: its open review is cancelled.',
  evidence: 'The file is stored with its SHA-256.',
  'document-file': 'The file is stored with its SHA-256: choose it below to submit it as a new version.',
  'document-version': 'The version is submitted: each approver is asked to approve it.',
};

/**
 * The page a browser should see for an API address it navigated to (a link in an email):
 * `/cases/<id>` → `/ui/cases/<id>`. Undefined for anything else.
 */
export function pageForApiPath(path: string): string | undefined {
  if (ITEM_PAGES.some((p) => p.pattern.test(path))) return `/ui${path}`;
  const pack = new RegExp(`^/reviews/(${UUID})/pack\\.html$`, 'i').exec(path);
  return pack ? `/ui/reviews/${pack[1]}/pack` : undefined;
}

/**
 * One item's page, from the API's own read of it (its role check and validation included): after
 * a command, with what happened (`notice`) or why not (`error`, or `refused` beside its form).
 */
export async function showItem(ctx: ApiContext, req: Request, res: Response, person: Person, uiPath: string, outcome: Outcome & { error?: string } = {}) {
  const apiPath = uiPath.replace(/^\/ui/, '');
  const item = ITEM_PAGES.find((p) => p.pattern.test(apiPath));
  if (!item) throw new AppError('not_found', 'no such page');
  const id = item.pattern.exec(apiPath)![1]!;
  const active = await listActivePersonNames(ctx.db);
  const view = await item.load(ctx, id, person, req, res, { people: active, outcome });
  const ids = personIdsIn(view);
  const isPm = person.roles.includes('programme_manager');
  const names = ids.length ? await findPersonNames(ctx.db, ids) : [];
  const people = isPm ? active : undefined;
  if (!isPm) delete view.caseCommand;
  const page = itemPage(person, view, new Map(names.map((p) => [p.id, p.name])), { here: uiPath, people, notice: outcome.notice, error: outcome.error });
  res
    .status(outcome.status ?? 200)
    .type('html')
    .send(page);
}

/** Item pages, the review pack, and the programme manager's commands on them. */
export function mountItemPages(router: Router, ctx: ApiContext): void {
  for (const item of ITEM_PAGES) {
    router.get(
      item.path,
      signedIn(ctx, async (req, res, person) => {
        const done = DONE[String(req.query.done)];
        await showItem(ctx, req, res, person, `/ui${req.path}`, { notice: done });
      }),
    );
  }
  router.get(
    '/reviews/:id/pack',
    signedIn(ctx, async (req, res, person) => {
      res.type('html').send(await callApi(ctx, { method: 'get', path: '/reviews/:id/pack.html', params: req.params }, person, req, res));
    }),
  );

  /** Runs a command from an item page and shows the page again: with what happened, or why not. */
  const command = (build: (req: Request, form: Form) => { path: ApiPath<'post'>; params: Record<string, string>; body: unknown; done: keyof typeof DONE }) =>
    signedIn(ctx, async (req, res, person) => {
      const form = (req.body ?? {}) as Form;
      const back = String(first(form.back) ?? '');
      if (!ITEM_PAGES.some((p) => p.pattern.test(back.replace(/^\/ui/, '')))) throw new AppError('validation_failed', 'body.back: not an item page');
      const call = build(req, form);
      await submitToApi(ctx, { person, req, res }, [{ method: 'post', path: call.path, params: call.params, body: call.body }], {
        done: `${back}?done=${call.done}`,
        refused: (refusal) => showItem(ctx, req, res, person, back, { status: refusal.status, error: refusal.message }),
      });
    });

  // Evidence: the upload streams to the API's own route (multipart; see csrf.ts for how such a
  // form is checked), and a download is the API's own answer, the case's readers only.
  router.post(
    '/cases/:id/evidence',
    signedIn(ctx, async (req, res, person) => {
      const id = String(req.params.id);
      await submitToApi(ctx, { person, req, res }, [{ method: 'post', path: '/cases/:id/evidence', params: { id }, body: undefined }], {
        done: `/ui/cases/${id}?done=evidence`,
        refused: (refusal) => showItem(ctx, req, res, person, `/ui/cases/${id}`, { status: refusal.status, error: refusal.message }),
      });
    }),
  );
  router.post(
    '/documents/:id/files',
    signedIn(ctx, async (req, res, person) => {
      const id = String(req.params.id);
      await submitToApi(ctx, { person, req, res }, [{ method: 'post', path: '/documents/:id/files', params: { id }, body: undefined }], {
        done: `/ui/documents/${id}?done=document-file`,
        refused: (refusal) => showItem(ctx, req, res, person, `/ui/documents/${id}`, { status: refusal.status, error: refusal.message }),
      });
    }),
  );
  for (const path of EVIDENCE_UPLOADS) {
    router.post(
      path,
      signedIn(ctx, async (req, res, person) => {
        const id = String(req.params.id);
        const page = `/ui${path.replace(/\/evidence$/, '').replace(':id', id)}`;
        await submitToApi(ctx, { person, req, res }, [{ method: 'post', path, params: { id }, body: undefined }], {
          done: `${page}?done=evidence`,
          refused: (refusal) => showItem(ctx, req, res, person, page, { status: refusal.status, error: refusal.message }),
        });
      }),
    );
  }
  router.get(
    '/evidence/:id',
    signedIn(ctx, async (req, res, person) => {
      await callApi(ctx, { method: 'get', path: '/evidence/:id', params: { id: String(req.params.id) } }, person, req, res);
    }),
  );

  router.post(
    '/reassignment',
    command((_req, f) => ({
      path: '/tasks/:id/reassignment',
      params: { id: String(first(f.taskId)) },
      body: { ownerId: first(f.ownerId), reason: first(f.reason) },
      done: 'reassigned',
    })),
  );
  router.post(
    '/cases/:id/cancellation',
    command((req, f) => ({ path: '/cases/:id/cancellation', params: { id: String(req.params.id) }, body: { reason: first(f.reason) }, done: 'cancelled' })),
  );
  router.post(
    '/cases/:id/reopening',
    command((req, f) => ({ path: '/cases/:id/reopening', params: { id: String(req.params.id) }, body: { reason: first(f.reason) }, done: 'reopened' })),
  );
}
