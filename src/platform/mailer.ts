import type { Transporter } from 'nodemailer';
import type { NotifyClient } from 'notifications-node-client';
import type { MailConfig } from '../config.ts';

export interface Email {
  to: string;
  name: string;
  subject: string;
  body: string;
  /** Our own reference for the message (Notify keeps it with the notification). */
  reference: string;
}

/** Where the log line goes when no email service is configured. */
export type LogSink = (details: Record<string, unknown>, message: string) => void;

/**
 * Sends email through GOV.UK Notify or SMTP, as configured; with neither, writes each message
 * to the log so nothing is lost and an administrator can see what would have gone.
 */
export interface Mailer {
  channel: MailConfig['kind'];
  send(email: Email): Promise<void>;
  close(): void;
}

export function createMailer(config: MailConfig, log: LogSink): Mailer {
  if (config.kind === 'notify') {
    // The clients are loaded on the first email, not on every start.
    let client: NotifyClient | undefined;
    return {
      channel: 'notify',
      async send(email) {
        client ??= new (await import('notifications-node-client')).NotifyClient(
          config.baseUrl,
          config.apiKey,
        );
        await client.sendEmail(config.templateId, email.to, {
          personalisation: { subject: email.subject, body: email.body, name: email.name },
          reference: email.reference,
        });
      },
      close() {},
    };
  }
  if (config.kind === 'smtp') {
    let transport: Transporter | undefined;
    return {
      channel: 'smtp',
      async send(email) {
        transport ??= (await import('nodemailer')).default.createTransport(config.url);
        await transport.sendMail({
          from: config.from,
          to: { name: email.name, address: email.to },
          subject: email.subject,
          text: email.body,
        });
      },
      close() {
        transport?.close();
      },
    };
  }
  return {
    channel: 'log',
    async send(email) {
      log(
        { to: email.to, subject: email.subject, body: email.body, reference: email.reference },
        'email not sent: no email service is configured',
      );
    },
    close() {},
  };
}
