import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../../activities';
import type { SendEmailInput, SendEmailResult } from '../../../activities/send-email.activity';

const { sendEmail } = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds' });

/** Sends each email in turn through the real activity and returns what it reported. */
export async function sendEmailsWorkflow(emails: SendEmailInput[]): Promise<SendEmailResult[]> {
  const results: SendEmailResult[] = [];
  for (const email of emails) results.push(await sendEmail(email));
  return results;
}
