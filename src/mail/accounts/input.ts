/**
 * The settings of a mail account as a person or an API client enters them:
 * one zod schema for both, and the HTML form's fields mapped onto it. A form
 * that fails names the fields that are wrong (never their values), so the
 * page can say what to fix in the reader's language.
 */
import { X509Certificate } from "node:crypto";
import { isIP } from "node:net";
import { z } from "@hono/zod-openapi";
import type { ImapSecurity, MailAccountInput } from "./store.ts";

/** Long enough for any name a person gives a mailbox; it is shown in lists. */
const MAX_LABEL_LENGTH = 100;
/** RFC 1035: a host name has at most 253 characters. */
const MAX_HOST_LENGTH = 253;
/** An email address (the usual IMAP user name) has at most 320 characters. */
const MAX_USERNAME_LENGTH = 320;
/** The same bound as the app's own passwords: no real password is longer, and it bounds the work of encrypting it. */
const MAX_PASSWORD_LENGTH = 1024;
/** A PEM chain of a few certificates; a pasted bundle of every CA would be far larger and is not what the field is for. */
const MAX_CERTIFICATE_CHARS = 64 * 1024;
/** The column is a 4-byte integer; below 1 KiB not even the headers of a message fit. */
const MIN_MESSAGE_BYTES = 1024;
const MAX_MESSAGE_BYTES_SETTING = 2 ** 31 - 1;

export const IMAP_SECURITIES = ["tls", "starttls", "none"] as const satisfies readonly ImapSecurity[];
export const DEFAULT_IMAP_PORT = 993;

const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

export function isHost(value: string): boolean {
  return HOST_NAME.test(value) || isIP(value) !== 0;
}

/** A PEM text whose first certificate parses; imapflow hands it to Node's TLS as the only trusted CA. */
export function isCertificate(pem: string): boolean {
  if (!pem.includes("-----BEGIN CERTIFICATE-----")) return false;
  try {
    new X509Certificate(pem);
    return true;
  } catch {
    return false;
  }
}

/** YYYY-MM-DD, not after today: a later date would sync nothing. */
function isPastDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value) && date.getTime() <= Date.now();
}

const fields = {
  label: z.string().trim().min(1).max(MAX_LABEL_LENGTH).openapi({ example: "Work" }),
  host: z.string().trim().min(1).max(MAX_HOST_LENGTH).refine(isHost, "not a host name or IP address").openapi({ example: "imap.example.org" }),
  port: z.number().int().min(1).max(65535).default(DEFAULT_IMAP_PORT).openapi({ example: DEFAULT_IMAP_PORT }),
  security: z
    .enum(IMAP_SECURITIES)
    .default("tls")
    .openapi({ description: "`tls`: implicit TLS (usually port 993); `starttls`: upgrade required (usually 143); `none`: the password travels unencrypted." }),
  username: z.string().trim().min(1).max(MAX_USERNAME_LENGTH).openapi({ example: "anna@example.org" }),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH).openapi({ format: "password" }),
  tlsCa: z
    .string()
    .trim()
    .max(MAX_CERTIFICATE_CHARS)
    .refine(isCertificate, "not a PEM certificate")
    .nullable()
    .optional()
    .openapi({ description: "PEM certificate to trust instead of the system's CAs, for a server with a self-signed certificate." }),
  syncSince: z.string().refine(isPastDate, "not a date (YYYY-MM-DD) up to today").nullable().optional().openapi({ format: "date", description: "Only mail received on or after this day is copied." }),
  maxMessageBytes: z.number().int().min(MIN_MESSAGE_BYTES).max(MAX_MESSAGE_BYTES_SETTING).nullable().optional().openapi({ description: "Larger messages are stored with their headers only." }),
};

export const NewMailAccountSchema = z.object(fields).openapi("NewMailAccount");
export type NewMailAccount = z.infer<typeof NewMailAccountSchema>;

/** Editing: an empty password keeps the stored one. */
const EditMailAccountSchema = z.object({ ...fields, password: z.string().max(MAX_PASSWORD_LENGTH) });

export function toAccountInput(value: NewMailAccount): MailAccountInput {
  return {
    label: value.label,
    host: value.host,
    port: value.port,
    security: value.security,
    username: value.username,
    password: value.password,
    // Browsers send a textarea's line breaks as CRLF; one form keeps an unchanged certificate comparable.
    tlsCa: value.tlsCa ? value.tlsCa.replace(/\r\n?/g, "\n") : null,
    syncSince: value.syncSince ? new Date(`${value.syncSince}T00:00:00Z`) : null,
    maxMessageBytes: value.maxMessageBytes ?? null,
  };
}

/** The form's field names; `maxMessageMb` is the size in MB (people do not count bytes). */
export const FORM_FIELDS = ["label", "host", "port", "security", "username", "password", "tlsCa", "syncSince", "maxMessageMb"] as const;
export type FormField = (typeof FORM_FIELDS)[number];

/** What the form shows again after a refusal: everything typed except the password. */
export type AccountFormValues = Partial<Record<Exclude<FormField, "password">, string>>;

export type FormResult<T> = { ok: true; value: T } | { ok: false; invalid: FormField[]; values: AccountFormValues };

const BYTES_PER_MB = 1024 * 1024;

function formNumber(text: string | undefined, scale = 1): number | null {
  const trimmed = text?.trim();
  if (!trimmed) return null;
  const number = Number(trimmed.replace(",", "."));
  return Number.isFinite(number) ? Math.round(number * scale) : Number.NaN;
}

export function formValues(form: Record<string, string | undefined>): AccountFormValues {
  const values: AccountFormValues = {};
  for (const name of FORM_FIELDS) if (name !== "password" && form[name] !== undefined) values[name] = form[name];
  return values;
}

function parseForm<T>(schema: z.ZodType<T>, form: Record<string, string | undefined>): FormResult<T> {
  const result = schema.safeParse({
    label: form.label ?? "",
    host: form.host ?? "",
    port: formNumber(form.port) ?? DEFAULT_IMAP_PORT,
    security: form.security || "tls",
    username: form.username ?? "",
    password: form.password ?? "",
    tlsCa: form.tlsCa?.trim() || null,
    syncSince: form.syncSince?.trim() || null,
    maxMessageBytes: formNumber(form.maxMessageMb, BYTES_PER_MB),
  });
  if (result.success) return { ok: true, value: result.data };
  const invalid = new Set<FormField>();
  for (const issue of result.error.issues) {
    const name = issue.path[0] === "maxMessageBytes" ? "maxMessageMb" : (issue.path[0] as FormField);
    invalid.add(name);
  }
  return { ok: false, invalid: FORM_FIELDS.filter((name) => invalid.has(name)), values: formValues(form) };
}

export function parseNewAccountForm(form: Record<string, string | undefined>): FormResult<NewMailAccount> {
  return parseForm(NewMailAccountSchema, form);
}

export type EditedMailAccount = z.infer<typeof EditMailAccountSchema>;

export function parseEditAccountForm(form: Record<string, string | undefined>): FormResult<EditedMailAccount> {
  return parseForm(EditMailAccountSchema, form);
}
