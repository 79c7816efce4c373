import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { ALERTING_CONFIG, type AlertingConfig } from '../config';

export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** A stable Message-ID per firing: if a send is ever repeated, mail systems see the same message. */
  messageId: string;
  headers?: Record<string, string>;
}

/** The SMTP server, through nodemailer. Everything about mail transport lives here. */
@Injectable()
export class SmtpMailer implements OnApplicationShutdown {
  private readonly transport: Transporter;
  private readonly from: string;

  constructor(
    @Inject(ALERTING_CONFIG)
    config: Pick<
      AlertingConfig,
      'SMTP_HOST' | 'SMTP_PORT' | 'SMTP_SECURE' | 'SMTP_USER' | 'SMTP_PASS' | 'MAIL_FROM'
    >,
  ) {
    this.from = config.MAIL_FROM;
    this.transport = createTransport({
      host: config.SMTP_HOST,
      port: config.SMTP_PORT,
      secure: config.SMTP_SECURE,
      ...(config.SMTP_USER ? { auth: { user: config.SMTP_USER, pass: config.SMTP_PASS ?? '' } } : {}),
      // A pooled connection saves the SMTP handshake on every alert (part of the < 1 s budget).
      pool: true,
      maxConnections: 2,
      // Bounded, and well under the outbox lease, so a hung server cannot outlive the lease
      // and let another instance send the same email.
      connectionTimeout: 5000,
      greetingTimeout: 5000,
      socketTimeout: 10_000,
    });
  }

  async send(message: MailMessage): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      messageId: message.messageId,
      headers: message.headers,
    });
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
