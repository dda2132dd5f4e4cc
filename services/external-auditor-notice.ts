import type { Db } from '../db/database';
import { findAimsById } from '../db/repositories/aims.repository';
import { findSenderOfAims } from '../db/repositories/organisations.repository';
import { findPersonById } from '../db/repositories/people.repository';
import type { ExternalAuditorGrant } from '../db/tables/external-auditor-grants.table';
import type { Mailer } from '../mail/mailer';
import { renderExternalAuditorEmail } from '../mail/templates/external-auditor-email';

const AUDIT_WORDS: Record<string, string> = {
  stage1: 'stage 1 audit',
  stage2: 'stage 2 audit',
  'surveillance-1': 'first surveillance audit',
  'surveillance-2': 'second surveillance audit',
  recertification: 'recertification audit',
};

/**
 * Emails the auditor of a new grant what they may read, for how long, and where to sign in, from
 * the AIMS's organisation's sender. Sent once the grant is committed; its Message-ID is the
 * grant's, so a copy sent again is recognisably the same message. A failed send is the caller's
 * to log: the grant stands, and the certification page shows the sign-in address to pass on.
 */
export async function emailExternalAuditor(
  deps: { db: Db; mailer: Mailer },
  grant: ExternalAuditorGrant,
  grantedBy: string,
  signInUrl: string,
  at: Date,
): Promise<void> {
  const [auditor, aims, sender] = await Promise.all([
    findPersonById(deps.db, grant.person_id),
    findAimsById(deps.db, grant.aims_id),
    findSenderOfAims(deps.db, grant.aims_id),
  ]);
  if (!auditor || !aims) return;
  const email = renderExternalAuditorEmail({
    recipientName: auditor.name,
    aimsName: aims.name,
    auditLabel: grant.audit ? (AUDIT_WORDS[grant.audit] ?? grant.audit) : null,
    from: grant.from_date,
    until: grant.until_date,
    timeZone: aims.time_zone,
    grantedBy,
    signInUrl,
  });
  await deps.mailer.send({
    to: auditor.email,
    ...email,
    messageId: `<external-auditor-grant.${grant.id}@aims-cycles>`,
    date: at,
    sender: sender && { name: sender.sender_name, replyTo: sender.reply_to },
  });
}
