/**
 * The header fields of a parsed message: identity, threading, addresses,
 * subject, date and the few raw headers analysis looks at. Shared by full
 * and header-only parses.
 */
import libmime from "libmime";
import type { AddressObject, EmailAddress, HeaderLines, ParsedMail } from "mailparser";
import { MAX_REFERENCES } from "../../limits.ts";
import { SELECTED_HEADER_NAMES, type MailAddress, type ParsedMessage, type ParseProblem, type SelectedHeaders } from "./types.ts";

export type Envelope = Pick<ParsedMessage, "messageId" | "inReplyTo" | "references" | "subject" | "date" | "from" | "to" | "cc" | "bcc" | "replyTo" | "headers">;

/**
 * Reads the header fields from mailparser's result, adding `no_headers` or
 * `bad_date` to `problems` when they apply.
 */
export function readEnvelope(mail: ParsedMail, problems: ParseProblem[]): Envelope {
  const lines = mail.headerLines ?? [];
  // A field name is printable ASCII without a colon; anything else is not a header line.
  if (!lines.some((entry) => /^[!-9;-~]+$/.test(entry.key) && entry.line.includes(":"))) problems.push("no_headers");
  const rawDate = firstHeader(lines, "date");
  const date = rawDate === undefined ? null : readDate(rawDate);
  if (rawDate !== undefined && date === null) problems.push("bad_date");
  return {
    messageId: normalizeMessageId(mail.messageId),
    inReplyTo: normalizeMessageId(mail.inReplyTo),
    references: normalizeReferences(mail.references),
    subject: (mail.subject ?? "").trim(),
    date,
    from: flattenAddresses(mail.from),
    to: flattenAddresses(mail.to),
    cc: flattenAddresses(mail.cc),
    bcc: flattenAddresses(mail.bcc),
    replyTo: flattenAddresses(mail.replyTo),
    headers: selectHeaders(lines),
  };
}

/** The first `<…>` id of a header value, brackets stripped; a bare value trimmed. */
export function normalizeMessageId(value: string | undefined): string | null {
  if (!value) return null;
  const bracketed = /<([^<>]*)>/.exec(value)?.[1]?.trim();
  const id = bracketed || value.replace(/[<>]/g, "").trim();
  return id || null;
}

function normalizeReferences(value: string | string[] | undefined): string[] {
  if (!value) return [];
  // mailparser splits on whitespace and wraps each piece in <>; joining again
  // lets an id broken by folding or a stray comment be read as written.
  const joined = [value].flat().join(" ");
  const bracketed = [...joined.matchAll(/<([^<>]*)>/g)].map((match) => match[1]!.trim());
  const ids = [...new Set(bracketed.filter((id) => id.length > 0))];
  if (ids.length <= MAX_REFERENCES) return ids;
  // The first names the thread's root, the last ones the nearest ancestors.
  return [ids[0]!, ...ids.slice(ids.length - (MAX_REFERENCES - 1))];
}

function flattenAddresses(value: AddressObject | AddressObject[] | undefined): MailAddress[] {
  const result: MailAddress[] = [];
  const visit = (entry: EmailAddress): void => {
    if (entry.group) {
      entry.group.forEach(visit);
      return;
    }
    const name = (entry.name ?? "").trim();
    const address = (entry.address ?? "").trim();
    if (name || address) result.push({ name, address });
  };
  for (const header of [value ?? []].flat()) header.value.forEach(visit);
  return joinSplitNames(result);
}

/**
 * A display name with a comma left unquoted splits into a name without an
 * address and an address without a name ("Kundenservice, <a@b.example>"):
 * one sender, shown as its sender wrote it. Spam writes its From this way so
 * that some clients show the name alone.
 */
function joinSplitNames(addresses: MailAddress[]): MailAddress[] {
  const joined: MailAddress[] = [];
  for (let index = 0; index < addresses.length; index++) {
    const entry = addresses[index]!;
    const next = addresses[index + 1];
    if (entry.address === "" && next && next.address !== "" && next.name === "") {
      joined.push({ name: entry.name, address: next.address });
      index++;
    } else joined.push(entry);
  }
  return joined;
}

function readDate(value: string): string | null {
  const time = new Date(value).getTime();
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/**
 * The decoded value of the first header line named `name`. Header lines are
 * binary strings (one char per byte): raw UTF-8 is decoded here, then
 * RFC 2047 encoded words.
 */
function firstHeader(lines: HeaderLines, name: string): string | undefined {
  const line = lines.find((entry) => entry.key === name)?.line;
  if (line === undefined) return undefined;
  const value = Buffer.from(line.slice(line.indexOf(":") + 1).replace(/\r?\n(?=[ \t])/g, ""), "binary").toString("utf8");
  try {
    return libmime.decodeWords(value).trim();
  } catch {
    return value.trim();
  }
}

function selectHeaders(lines: HeaderLines): SelectedHeaders {
  const headers: SelectedHeaders = {};
  for (const name of SELECTED_HEADER_NAMES) {
    const value = firstHeader(lines, name);
    if (value !== undefined) headers[name] = value;
  }
  return headers;
}
