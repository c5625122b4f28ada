/**
 * The only module that talks to nodemailer. Mail goes out by SMTP when a server is configured; otherwise each message
 * is written as an .eml file to an outbox folder, so roadwatch works without a mail server (a demo, an offline
 * depot) and someone can forward the files by hand.
 */
import path from "node:path";
import { createTransport } from "nodemailer";
import { writeFileAtomic } from "../../pipeline/storage/media-store.js";

export interface MailAttachment {
  filename: string;
  content: Buffer | string;
  contentType: string;
  /** set for an image the HTML shows inline as cid:<contentId> */
  contentId?: string;
}

export interface MailMessage {
  from: string;
  to: readonly string[];
  subject: string;
  text: string;
  html: string;
  /** with angle brackets; the same message sent again keeps it, so mail clients show it once */
  messageId: string;
  attachments: readonly MailAttachment[];
}

export interface Mailer {
  /** where messages go, for logs: the SMTP host or the outbox folder, never a password */
  readonly destination: string;
  /** Resolves when the server accepted the message (or the file is written); rejects with the reason otherwise. */
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export interface MailerSettings {
  /** null: write to the outbox */
  smtpUrl: string | null;
  outboxDir: string;
}

// a mail server that does not answer must not hold a foreman's request for minutes (nodemailer waits 2 by default)
const SMTP_CONNECTION_TIMEOUT_MS = 10_000;
const SMTP_SOCKET_TIMEOUT_MS = 30_000;

export function createMailer(settings: MailerSettings): Mailer {
  return settings.smtpUrl === null ? createOutboxMailer(settings.outboxDir) : createSmtpMailer(settings.smtpUrl);
}

export function createSmtpMailer(smtpUrl: string): Mailer {
  const url = new URL(smtpUrl);
  const transport = createTransport({
    url: smtpUrl,
    connectionTimeout: SMTP_CONNECTION_TIMEOUT_MS,
    greetingTimeout: SMTP_CONNECTION_TIMEOUT_MS,
    socketTimeout: SMTP_SOCKET_TIMEOUT_MS,
  });
  return {
    destination: `${url.protocol}//${url.host}`,
    send: async (message) => {
      await transport.sendMail(toNodemailer(message));
    },
    close: () => transport.close(),
  };
}

/** Writes <outboxDir>/<message id>.eml; sending the same message again overwrites its file. */
function createOutboxMailer(outboxDir: string): Mailer {
  const transport = createTransport({ streamTransport: true, buffer: true, newline: "windows" });
  return {
    destination: outboxDir,
    send: async (message) => {
      const { message: eml } = await transport.sendMail(toNodemailer(message));
      if (!Buffer.isBuffer(eml)) throw new Error("nodemailer gave a stream where it was asked for a buffer");
      await writeFileAtomic(path.join(outboxDir, `${fileNameOf(message.messageId)}.eml`), eml);
    },
    close: () => transport.close(),
  };
}

function toNodemailer(message: MailMessage) {
  return {
    from: message.from,
    to: [...message.to],
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: message.messageId,
    attachments: message.attachments.map((attachment) => ({
      filename: attachment.filename,
      content: attachment.content,
      contentType: attachment.contentType,
      cid: attachment.contentId,
    })),
  };
}

function fileNameOf(messageId: string): string {
  return messageId.replace(/^<|>$/g, "").replace(/[^A-Za-z0-9._-]/g, "_");
}
