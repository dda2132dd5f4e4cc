import nodemailer, { type Transporter } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import type { Config, Secrets } from '../config/config';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable across retries, so a receiver can drop a copy sent again after a crash. */
  messageId: string;
  attachments?: { filename: string; content: string; contentType: string }[];
  /** The Date header: the instant the engine planned the email for, whatever the delay in sending. */
  date?: Date;
  /** The item's organisation's sender name and reply-to (its settings); null: the deployment's. */
  sender?: SenderSettings;
}

export interface SenderSettings {
  name: string | null;
  replyTo: string | null;
}

/**
 * The one way the engine sends email: nodemailer over SMTP, either a relay or the local catcher,
 * through one pooled transport per process (`pool: true`): connections are reused across
 * emails instead of a new connection, greeting and handshake per email.
 */
export class Mailer {
  /** The address of MAIL_FROM: an organisation's sender name is shown with it (the relay's SPF and DKIM stay right). */
  private readonly fromAddress: string;

  constructor(
    private readonly transporter: Transporter,
    private readonly from: string,
  ) {
    this.fromAddress = addressparser(from, { flatten: true })[0]?.address ?? from;
  }

  async send(email: OutgoingEmail): Promise<void> {
    await this.transporter.sendMail({
      from: email.sender?.name ? { name: email.sender.name, address: this.fromAddress } : this.from,
      replyTo: email.sender?.replyTo ?? undefined,
      to: email.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      messageId: email.messageId,
      attachments: email.attachments,
      date: email.date,
    });
  }

  async verify(): Promise<void> {
    await this.transporter.verify();
  }

  close(): void {
    this.transporter.close();
  }
}

export function createMailer(mail: Config['mail'], secrets: Pick<Secrets, 'smtpUser' | 'smtpPassword'>): Mailer {
  const transporter =
    mail.kind === 'smtp'
      ? nodemailer.createTransport({
          pool: true,
          host: mail.host,
          port: mail.port,
          secure: mail.secure,
          auth: secrets.smtpUser ? { user: secrets.smtpUser, pass: secrets.smtpPassword } : undefined,
        })
      : // The local catcher speaks plain SMTP on loopback, so development uses the same path as production.
        nodemailer.createTransport({ pool: true, host: '127.0.0.1', port: mail.port, secure: false, ignoreTLS: true });
  return new Mailer(transporter, mail.from);
}
