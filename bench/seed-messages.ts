/**
 * Fast seeding of realistic mail for one user, for benchmarks and tests:
 * mail accounts with an INBOX, and N messages with encrypted headers and
 * text (bound exactly as sync binds them, src/mail/sync/store.ts), a server
 * copy each, grouped into threads, with analyses of varied urgency and
 * importance for most of them. Multi-row INSERTs of 1,000 rows, so 50,000
 * messages take seconds, not minutes.
 *
 * Deterministic for a given `seed`: the same options give the same mail
 * (ids and ciphertexts aside).
 *
 * @example
 *   const seeded = await seedMessages(sql, { userId: user.id, dataKey, count: 50_000 });
 *   seeded.messageIds.length; // 50000
 */
import type { TransactionSql } from "postgres";
import { encrypt } from "../src/crypto/aead.ts";
import type { SecretKey } from "../src/crypto/secret-key.ts";
import type { Sql } from "../src/db/connection.ts";
import { analysisBinding, type Analysis, type Level } from "../src/analysis/types.ts";
import { createMailAccount } from "../src/mail/accounts/store.ts";
import { listFolders, saveDiscoveredFolders } from "../src/mail/folders.ts";
import { encryptSummary } from "../src/mail/message-summary.ts";
import { messageTokens, searchKey } from "../src/search/blind-index.ts";

export interface SeedOptions {
  userId: string;
  dataKey: SecretKey;
  count: number;
  /** Mail accounts to create (ignored when `accountIds` is given). */
  accounts?: number;
  /** Existing accounts of the user, each with an INBOX folder. */
  accountIds?: string[];
  /** Share of messages with an analysis (0–1); the rest count as "not analysed yet". */
  analysed?: number;
  /** Share of messages marked done. */
  done?: number;
  /** Share of messages without a server copy (orphaned: gone, never counted or shown). */
  orphaned?: number;
  /** Share of messages read. */
  seen?: number;
  /** Messages per thread: 1 to this many. */
  maxThreadLength?: number;
  seed?: number;
  /** Newest message's time; the rest go back a year from it. */
  now?: Date;
}

export interface SeededMessage {
  id: string;
  accountId: string;
  threadId: string;
  receivedAt: Date;
  seen: boolean;
  done: boolean;
  orphaned: boolean;
  subject: string;
  from: { name: string; address: string };
  analysis: { urgency: Level; importance: Level } | null;
}

export interface Seeded {
  accountIds: string[];
  folderIds: string[];
  messages: SeededMessage[];
  messageIds: string[];
}

const ROWS_PER_STATEMENT = 1000;

const FIRST_NAMES = ["Anna", "Jonas", "Lea", "Felix", "Mia", "Lukas", "Sophie", "Paul", "Emma", "Leon", "Hannah", "Maximilian", "Laura", "Tim", "Julia", "David", "Clara", "Moritz", "Sarah", "Jan"];
const LAST_NAMES = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Neumann"];
const DOMAINS = ["uni-heidelberg.de", "example.org", "firma.de", "stadtwerke.example", "web.de", "posteo.de", "kanzlei-weber.de", "github.com"];
const SUBJECTS = [
  "Angebot für das Projekt {n}",
  "Rechnung Nr. {n}",
  "Termin am Donnerstag",
  "Protokoll der Sitzung vom {n}. März",
  "Ihre Bestellung {n} wurde versandt",
  "Frage zur Prüfungsanmeldung",
  "Newsletter Ausgabe {n}",
  "Meeting notes: quarterly review",
  "Contract renewal {n}",
  "Bitte um Rückmeldung bis Freitag",
  "Einladung: Teamessen",
  "Server maintenance window {n}",
  "Pull request #{n} needs review",
  "Urlaubsantrag",
  "Hausarbeit – Abgabefrist",
  "Your invoice is ready",
  "Mahnung: offene Rechnung {n}",
  "Kurze Frage",
  "Reisekostenabrechnung {n}",
  "Welcome to the team!",
];
const BODY = [
  "Hallo zusammen,\n\nanbei wie besprochen die Unterlagen. Bitte gebt mir bis Ende der Woche Bescheid, ob das so passt.\n\nViele Grüße",
  "Hi,\n\nthanks for your message. I have looked into it and will get back to you with details tomorrow.\n\nBest regards",
  "Sehr geehrte Damen und Herren,\n\nhiermit erinnern wir Sie an die Zahlung der oben genannten Rechnung.\n\nMit freundlichen Grüßen",
  "Moin,\n\nkurze Info: der Termin verschiebt sich um eine Stunde. Der Raum bleibt gleich.\n\nBis dann",
];

/** mulberry32: a small seeded PRNG, so a seed gives the same mail every time. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function insertRows(tx: TransactionSql, table: string, rows: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) await tx`insert into ${tx(table)} ${tx(rows.slice(i, i + ROWS_PER_STATEMENT) as never)}`;
}

async function ensureAccounts(sql: Sql, options: SeedOptions): Promise<{ accountIds: string[]; folderIds: string[] }> {
  const accountIds = options.accountIds ?? [];
  if (accountIds.length === 0) {
    for (let index = 0; index < (options.accounts ?? 1); index++) {
      const account = await createMailAccount(sql, options.dataKey, options.userId, {
        label: ["Privat", "Arbeit", "Universität", "Verein"][index % 4]! + (index >= 4 ? ` ${index + 1}` : ""),
        host: "imap.example.org",
        port: 993,
        security: "tls",
        username: `seed${index}`,
        password: "not a real password",
      });
      await saveDiscoveredFolders(sql, options.userId, account.id, [{ path: "INBOX", name: "INBOX", delimiter: "/", specialUse: "inbox" }]);
      accountIds.push(account.id);
    }
  }
  const folderIds: string[] = [];
  for (const accountId of accountIds) {
    const inbox = (await listFolders(sql, options.userId, accountId)).find((folder) => folder.specialUse === "inbox");
    if (!inbox) throw new Error(`account ${accountId} has no INBOX`);
    folderIds.push(inbox.id);
  }
  return { accountIds, folderIds };
}

function analysisDetail(urgency: Level, importance: Level): Analysis {
  const judgement = <T>(value: T) => ({ value, confidence: 0.8, reason: { code: "seed" } });
  return {
    urgency: judgement(urgency),
    importance: judgement(importance),
    category: judgement(urgency === 3 ? "urgent" : importance === 3 ? "action_required" : "information"),
    spam: judgement(false),
    newsletter: judgement(false),
    summary: "",
    language: "de",
    tags: [],
  };
}

export async function seedMessages(sql: Sql, options: SeedOptions): Promise<Seeded> {
  const next = random(options.seed ?? 1);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const chance = (share: number | undefined, fallback: number) => next() < (share ?? fallback);
  const { accountIds, folderIds } = await ensureAccounts(sql, options);
  const tokenKey = searchKey(options.dataKey);
  const now = (options.now ?? new Date()).getTime();
  const yearMs = 365 * 24 * 3600_000;
  const people = Array.from({ length: 200 }, () => {
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    return { name: `${first} ${last}`, address: `${first}.${last}@${pick(DOMAINS)}`.toLowerCase().replace("ü", "ue") };
  });

  const messages: SeededMessage[] = [];
  const messageRows: Record<string, unknown>[] = [];
  const copyRows: Record<string, unknown>[] = [];
  const analysisRows: Record<string, unknown>[] = [];
  // Existing accounts may hold copies already: new UIDs go above theirs.
  const uidNext = await Promise.all(
    folderIds.map(async (folderId) => Number((await sql<{ next: string }[]>`select coalesce(max(uid), 0) + 1 as next from message_copies where folder_id = ${folderId}`)[0]!.next)),
  );
  while (messages.length < options.count) {
    const accountIndex = Math.floor(next() * accountIds.length);
    const threadId = crypto.randomUUID();
    const length = Math.min(options.count - messages.length, 1 + Math.floor(next() * (options.maxThreadLength ?? 4)));
    const topic = pick(SUBJECTS).replace("{n}", String(1 + Math.floor(next() * 9000)));
    let at = now - next() * yearMs;
    for (let position = 0; position < length; position++) {
      const id = crypto.randomUUID();
      const from = pick(people);
      const subject = position === 0 ? topic : `Re: ${topic}`;
      const bind = (purpose: string) => ({ owner: options.userId, purpose: `${purpose}:${id}` });
      const receivedAt = new Date(Math.min(now, at));
      at += next() * 3 * 24 * 3600_000;
      const seen = chance(options.seen, 0.7);
      const done = chance(options.done, 0.3);
      const orphaned = chance(options.orphaned, 0);
      const analysis = chance(options.analysed, 0.9) ? { urgency: (1 + Math.floor(next() * 3)) as Level, importance: (1 + Math.floor(next() * 3)) as Level } : null;
      const messageId = `<${id}@${from.address.split("@")[1]}>`;
      const headers = {
        subject,
        from: [from],
        to: [{ name: "Bench User", address: "bench@example.org" }],
        cc: [],
        bcc: [],
        replyTo: [],
        date: receivedAt.toISOString(),
        messageId,
        inReplyTo: null,
        references: [],
        headers: {},
        calendar: null,
      };
      const text = `${pick(BODY)}\n${from.name}`;
      const rawHeaders = `Received: from mx.example.org by imap.example.org\r\nFrom: ${from.name} <${from.address}>\r\nTo: bench@example.org\r\nSubject: ${subject}\r\nMessage-ID: ${messageId}\r\nDate: ${receivedAt.toUTCString()}\r\n`;
      messageRows.push({
        id,
        user_id: options.userId,
        account_id: accountIds[accountIndex],
        message_id_hash: Buffer.from(crypto.getRandomValues(new Uint8Array(32))),
        content_hash: Buffer.from(crypto.getRandomValues(new Uint8Array(32))),
        thread_id: threadId,
        sent_at: receivedAt,
        received_at: receivedAt,
        size: 1500 + text.length,
        seen,
        done_at: done ? receivedAt : null,
        orphaned_at: orphaned ? new Date(now) : null,
        headers_encrypted: encrypt(options.dataKey, JSON.stringify(headers), bind("message-headers")),
        summary_encrypted: encryptSummary(options.dataKey, options.userId, id, headers),
        raw_headers_encrypted: encrypt(options.dataKey, rawHeaders, bind("message-raw-headers")),
        // As sync builds it (src/mail/sync/store.ts), so searches and the list work as on synced mail.
        search_tokens: messageTokens(tokenKey, { subject, from: [from], text }).map(String),
        text_encrypted: encrypt(options.dataKey, text, bind("message-text")),
      });
      if (!orphaned) copyRows.push({ message_id: id, folder_id: folderIds[accountIndex], uidvalidity: "1", uid: uidNext[accountIndex]!++, flags: seen ? ["\\Seen"] : [] });
      if (analysis) {
        analysisRows.push({
          message_id: id,
          user_id: options.userId,
          urgency: analysis.urgency,
          importance: analysis.importance,
          category: analysis.urgency === 3 ? "urgent" : analysis.importance === 3 ? "action_required" : "information",
          spam: false,
          newsletter: false,
          language: "de",
          provider: "local",
          detail_encrypted: encrypt(options.dataKey, JSON.stringify(analysisDetail(analysis.urgency, analysis.importance)), analysisBinding(options.userId, id)),
        });
      }
      messages.push({ id, accountId: accountIds[accountIndex]!, threadId, receivedAt, seen, done, orphaned, subject, from, analysis });
    }
  }
  await sql.begin(async (tx) => {
    await insertRows(tx, "messages", messageRows);
    await insertRows(tx, "message_copies", copyRows);
    await insertRows(tx, "analyses", analysisRows);
  });
  await sql`analyze messages, message_copies, analyses`;
  return { accountIds, folderIds, messages, messageIds: messages.map((message) => message.id) };
}
