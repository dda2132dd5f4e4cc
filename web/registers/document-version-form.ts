import { html, type SafeHtml } from '../../domain/html';
import type { DocumentAnswer, DocumentFiles } from '../document-view';
import { input, select, textarea, typedOr } from '../form-controls';
import { first } from '../form-values';
import { formCard, typedFor, type Outcome } from '../form-post';

/** The form of a document's page that submits a new version; `postForm` sends it to the API's own `versions` command. */
export const VERSION_FORM = 'version';

/**
 * A new version for approval: one of the document's stored files (uploaded with the form above
 * it) or a link, and what changed. Who may submit, and when, the API decides; its refusal comes
 * back beside the form. A retired document has no form.
 */
export function documentVersionForm(d: DocumentAnswer, files: DocumentFiles, c: { outcome: Outcome }): SafeHtml {
  if (d.status === 'retired') return html``;
  const typed = typedFor(c.outcome, VERSION_FORM);
  const newestFirst = [...files.items].reverse();
  return formCard(c.outcome, {
    form: VERSION_FORM,
    title: 'Submit a new version for approval',
    action: `/ui/documents/${d.id}/versions`,
    submit: 'Submit for approval',
    fields: [
      select({
        id: 'version-file',
        name: 'fileId',
        label: 'Stored file',
        placeholder: 'None: give a link instead',
        options: newestFirst.map((f) => ({ value: f.id, text: `${f.filename} (${f.uploadedAt.slice(0, 10)}, SHA-256 ${f.sha256.slice(0, 12)}…)` })),
        value: typedOr(typed, 'fileId', newestFirst[0]?.id),
      }),
      input({ id: 'version-link', name: 'link', label: 'Or a link to the version', hint: 'https://…', value: first(typedOr(typed, 'link')) }),
      textarea({ id: 'version-summary', name: 'changeSummary', label: 'What changed', value: first(typedOr(typed, 'changeSummary')), required: true }),
    ],
  });
}
