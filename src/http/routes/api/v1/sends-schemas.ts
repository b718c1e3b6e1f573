/**
 * Schemas of the sending API: SMTP settings (the user name and password go
 * in, never out, as for the IMAP ones) and sends (a message queued with an undo window, and its state).
 */
import { z } from "@hono/zod-openapi";
import type { SendState } from "../../../../mail/send/queue-send.ts";
import { DEFAULT_SMTP_PORT, SMTP_SECURITIES, type SmtpSettingsView } from "../../../../mail/send/smtp-settings.ts";
import { errorSpec } from "../../../errors.ts";

const dateTime = () => z.string().openapi({ format: "date-time" });
const uuid = () => z.string().openapi({ format: "uuid" });

export const SmtpSettingsSchema = z
  .object({
    host: z.string().openapi({ example: "smtp.example.org" }),
    port: z.number().int(),
    security: z.enum(SMTP_SECURITIES),
    ownLogin: z.boolean().openapi({ description: "A user name and password of its own (false: the IMAP login). Like the IMAP credentials, neither is ever shown." }),
    hasPassword: z.boolean().openapi({ description: "A password of its own is stored (never shown)." }),
    tlsCa: z.string().nullable(),
    fromAddress: z.string().openapi({ example: "anna@example.org" }),
    fromName: z.string().openapi({ example: "Anna Muster" }),
    sentByServer: z.boolean().openapi({ description: "The provider files sent mail in Sent itself (Gmail): no copy is appended." }),
  })
  .openapi("SmtpSettings");

export const SmtpSettingsResponseSchema = z.object({ configured: z.boolean(), settings: SmtpSettingsSchema.nullable() }).openapi("SmtpSettingsState");

export const SmtpSettingsInputSchema = z
  .object({
    host: z.string().openapi({ example: "smtp.example.org" }),
    port: z.number().int().default(DEFAULT_SMTP_PORT),
    security: z
      .enum(SMTP_SECURITIES)
      .default("tls")
      .openapi({ description: "`tls`: implicit TLS (465); `starttls`: upgrade required (587); `none`: only to a server an administrator allowed under Outbound connections." }),
    username: z.string().nullable().optional().openapi({ description: "Omitted or null: the IMAP login, allowed only when the host is the IMAP server's." }),
    password: z
      .string()
      .nullable()
      .optional()
      .openapi({ format: "password", description: "Write-only. Omitted: keep the stored one (only while host, port, security, certificate and user name stay the same)." }),
    tlsCa: z.string().nullable().optional().openapi({ description: "PEM certificate to trust instead of the system's CAs." }),
    fromAddress: z.string().openapi({ example: "anna@example.org" }),
    fromName: z.string().optional().openapi({ example: "Anna Muster" }),
    sentByServer: z.boolean().optional(),
  })
  .openapi("SmtpSettingsInput");

export const SmtpTestResultSchema = z.object({ ok: z.literal(true) }).openapi("SmtpTestResult");

export const NewSendSchema = z
  .object({
    accountId: uuid(),
    to: z
      .array(z.string())
      .max(100)
      .openapi({ example: ["Bob Beispiel <bob@example.org>"] }),
    cc: z.array(z.string()).max(100).default([]),
    bcc: z.array(z.string()).max(100).default([]),
    subject: z.string().max(998).openapi({ example: "Re: Angebot" }),
    text: z.string().openapi({ description: "Plain text body." }),
    html: z.string().optional().openapi({ description: "Optional simple formatting, already safe HTML." }),
    inReplyToMessageId: uuid().optional().openapi({ description: "The message answered: In-Reply-To and References come from it, and it is marked answered once sent." }),
    forwardOfMessageId: uuid().optional().openapi({ description: "The message forwarded: its stored attachments are attached." }),
    attachments: z
      .array(z.object({ filename: z.string().min(1).max(255), contentType: z.string().min(1).max(255), contentBase64: z.string().base64() }))
      .max(100)
      .optional()
      .openapi({ description: "The request body as a whole is limited to 1 MiB." }),
    draftId: uuid().optional(),
  })
  .openapi("NewSend");

export const SendStateSchema = z
  .object({
    id: uuid(),
    status: z.enum(["queued", "sending", "sent", "failed", "cancelled"]),
    error: z.string().nullable(),
    sentAt: dateTime().nullable(),
    undoUntil: dateTime().openapi({ description: "Until then `DELETE /api/v1/sends/{id}` stops the send." }),
  })
  .openapi("SendState");

export const SendIdParamSchema = z.object({
  sendId: z.string().openapi({ param: { name: "sendId", in: "path" }, format: "uuid" }),
});

export const sendErrors = { 401: errorSpec("Not signed in"), 404: errorSpec("No such send of yours") } as const;

export function sendStateJson(state: SendState): z.infer<typeof SendStateSchema> {
  return { id: state.id, status: state.status, error: state.error ?? null, sentAt: state.sentAt?.toISOString() ?? null, undoUntil: state.undoUntil.toISOString() };
}

export function smtpSettingsJson(settings: SmtpSettingsView | null): z.infer<typeof SmtpSettingsResponseSchema> {
  if (!settings) return { configured: false, settings: null };
  const { username, ...shown } = settings;
  return { configured: true, settings: { ...shown, ownLogin: username !== null } };
}
