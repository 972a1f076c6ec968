import * as nodemailer from 'nodemailer';
import { DeliveryError, OutgoingMessage, Transport } from './transport';

/** E-mail through SMTP (nodemailer). SMTP answers 5xx for a permanent refusal (no such mailbox), 4xx and lost connections for a retry. */
export class SmtpTransport implements Transport {
  private readonly mailer: nodemailer.Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.mailer = nodemailer.createTransport(url, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
  }

  async send(msg: OutgoingMessage): Promise<void> {
    try {
      await this.mailer.sendMail({ from: this.from, to: msg.to, subject: msg.subject, text: msg.text, messageId: `<${msg.ref}@lianzheng>` });
    } catch (err) {
      const e = err as Error & { responseCode?: number; response?: string };
      const code = e.responseCode;
      throw new DeliveryError(`smtp ${code ?? ''} ${e.response ?? e.message}`.replace(/\s+/g, ' ').trim().slice(0, 300), code !== undefined && code >= 500);
    }
  }

  close(): void {
    this.mailer.close();
  }
}
