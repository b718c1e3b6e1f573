/**
 * A KI-Mail-Helper database made from its described schema
 * (../shared/notes/ki-mail-helper.md §2: the tables and columns the import
 * reads, plus some it ignores), with rows encrypted the way its code does
 * (§3: PBKDF2-SHA256 600 000 over the base64 salt → KEK; the DEK wrapped by
 * AES-256-GCM; every encrypted_* column base64(IV ‖ ciphertext ‖ tag)).
 * The same statements make it in SQLite (bun:sqlite) and PostgreSQL.
 */
import { Database as SqliteDatabase } from "bun:sqlite";
import { createHash, randomBytes } from "node:crypto";
import type postgres from "postgres";
import { deriveKimhKek, encryptKimh } from "../../src/migrate-kimh/kimh-crypto.ts";

const SCHEMA = [
  `create table users (id integer primary key, username text not null unique, email text not null unique, password_hash text, salt text,
     encrypted_dek text, encrypted_master_key text, totp_secret text, totp_enabled boolean, created_at timestamp)`,
  `create table mail_accounts (id integer primary key, user_id integer not null references users(id), name text, auth_type text,
     encrypted_imap_server text, imap_server_hash text, imap_port integer, encrypted_imap_username text, imap_username_hash text,
     encrypted_imap_password text, imap_encryption text, encrypted_oauth_token text, enabled boolean, urgency_booster_enabled boolean)`,
  `create table raw_emails (id integer primary key, user_id integer not null references users(id), mail_account_id integer not null references mail_accounts(id),
     encrypted_sender text, encrypted_subject text, encrypted_body text, received_at timestamp, deleted_at timestamp, imap_uid integer,
     imap_folder text, imap_uidvalidity integer, imap_flags text, message_id text, encrypted_in_reply_to text, thread_id text,
     imap_is_seen boolean, imap_is_answered boolean, imap_is_flagged boolean, imap_is_deleted boolean, imap_is_draft boolean,
     encrypted_to text, encrypted_cc text, encrypted_bcc text, encrypted_reply_to text, message_size integer, encrypted_references text,
     content_type text, charset text, has_attachments boolean, content_hash text, processing_status integer)`,
  `create table email_attachments (id integer primary key, raw_email_id integer not null references raw_emails(id), filename text, mime_type text,
     size integer, content_id text, encrypted_data text)`,
  `create table processed_emails (id integer primary key, raw_email_id integer not null unique references raw_emails(id), dringlichkeit integer,
     wichtigkeit integer, kategorie_aktion text, spam_flag boolean, encrypted_summary_de text, encrypted_text_de text, encrypted_tags text,
     score integer, farbe text, done boolean, base_provider text, base_model text, user_override_dringlichkeit integer,
     user_override_wichtigkeit integer, user_override_kategorie text, user_override_spam_flag boolean, user_override_tags text,
     correction_timestamp timestamp)`,
  `create table email_tags (id integer primary key, user_id integer not null references users(id), name text not null, color text, description text)`,
  `create table email_tag_assignments (id integer primary key, email_id integer not null references processed_emails(id),
     tag_id integer not null references email_tags(id), auto_assigned boolean)`,
  `create table sender_patterns (id integer primary key, user_id integer not null references users(id), sender_hash text not null, category text,
     priority integer, is_newsletter boolean, email_count integer, correction_count integer, confidence integer)`,
  `create table auto_rules (id integer primary key, user_id integer not null references users(id), name text, description text, is_active boolean,
     priority integer, conditions_json text, actions_json text, enable_learning boolean, times_triggered integer)`,
  `create table trusted_senders (id integer primary key, user_id integer not null references users(id), account_id integer, sender_pattern text,
     pattern_type text, label text, use_urgency_booster boolean)`,
  `create table spacy_vip_senders (id integer primary key, user_id integer not null references users(id), account_id integer, sender_pattern text,
     pattern_type text, label text, importance_boost integer, urgency_boost integer, is_active boolean)`,
];

export interface KimhTarget {
  insert(table: string, row: Record<string, unknown>): Promise<void>;
}

export function sqliteTarget(path: string): KimhTarget & { close(): void } {
  const db = new SqliteDatabase(path, { create: true });
  for (const statement of SCHEMA) db.run(statement);
  return {
    async insert(table, row) {
      const columns = Object.keys(row);
      db.query(`insert into ${table} (${columns.join(", ")}) values (${columns.map(() => "?").join(", ")})`).run(
        ...(columns.map((column) => {
          const value = row[column];
          return typeof value === "boolean" ? (value ? 1 : 0) : value instanceof Date ? value.toISOString().replace("T", " ").replace("Z", "") : value;
        }) as never[]),
      );
    },
    close: () => db.close(),
  };
}

export async function postgresTarget(sql: postgres.Sql): Promise<KimhTarget> {
  for (const statement of SCHEMA) await sql.unsafe(statement);
  return {
    async insert(table, row) {
      await sql`insert into ${sql(table)} ${sql(row as Record<string, postgres.ParameterOrJSON<never>>)}`;
    },
  };
}

export interface KimhUserSpec {
  id: number;
  username: string;
  email: string;
  password: string;
}

/** A user with their salt and wrapped data key; returns the data key for encrypting their rows. */
export async function addKimhUser(target: KimhTarget, user: KimhUserSpec): Promise<Buffer> {
  const salt = randomBytes(32).toString("base64");
  const dek = randomBytes(32);
  const kek = await deriveKimhKek(user.password, salt);
  // Its code keeps the DEK as a base64 string (the session's "master_key") and encrypts that.
  await target.insert("users", {
    id: user.id,
    username: user.username,
    email: user.email,
    password_hash: "scrypt:32768:8:1$not-used$0",
    salt,
    encrypted_dek: encryptKimh(kek, dek.toString("base64")),
    totp_secret: "JBSWY3DPEHPK3PXP",
    totp_enabled: true,
    created_at: new Date("2025-01-02T03:04:05Z"),
  });
  return dek;
}

export const kimhSenderHash = (address: string) => createHash("sha256").update(address.trim().toLowerCase()).digest("hex");

export interface KimhMailSpec {
  id: number;
  accountId: number;
  uid: number;
  folder?: string;
  sender: string;
  subject: string;
  body: string;
  html?: boolean;
  messageId: string;
  deleted?: boolean;
  seen?: boolean;
  attachments?: { id: number; filename: string; mimeType: string; content: Uint8Array }[];
}

export async function addKimhMail(target: KimhTarget, userId: number, dek: Buffer, mail: KimhMailSpec): Promise<void> {
  await target.insert("raw_emails", {
    id: mail.id,
    user_id: userId,
    mail_account_id: mail.accountId,
    encrypted_sender: encryptKimh(dek, mail.sender),
    encrypted_subject: encryptKimh(dek, mail.subject),
    encrypted_body: encryptKimh(dek, mail.body),
    received_at: new Date(Date.UTC(2025, 5, mail.id % 28 || 1, 9, 30)),
    deleted_at: mail.deleted ? new Date("2025-07-01T00:00:00Z") : null,
    imap_uid: mail.uid,
    imap_folder: mail.folder ?? "INBOX",
    imap_uidvalidity: 1700000000,
    message_id: mail.messageId,
    imap_is_seen: mail.seen ?? false,
    imap_is_answered: false,
    imap_is_flagged: false,
    imap_is_deleted: false,
    imap_is_draft: false,
    encrypted_to: encryptKimh(dek, JSON.stringify(["Anna Becker <anna@example.org>"])),
    encrypted_cc: encryptKimh(dek, "[]"),
    content_type: mail.html ? "text/html" : "text/plain",
    has_attachments: (mail.attachments?.length ?? 0) > 0,
    processing_status: 100,
  });
  for (const attachment of mail.attachments ?? []) {
    await target.insert("email_attachments", {
      id: attachment.id,
      raw_email_id: mail.id,
      filename: attachment.filename,
      mime_type: attachment.mimeType,
      size: attachment.content.byteLength,
      encrypted_data: encryptKimh(dek, Buffer.from(attachment.content).toString("base64")),
    });
  }
}

export const PASSWORDS = { anna: "Anna hat ein sehr langes Passwort 2025!", ben: "Bens Passwort ist auch lang genug #7" };
export const PDF_BYTES = Buffer.from("%PDF-1.4\n% Rechnung 4711\n%%EOF\n");

/**
 * Two users: Anna (an IMAP account with four messages, one deleted, one
 * HTML, one with a PDF; an OAuth account; analyses, one corrected; a tag;
 * sender patterns, trusted and VIP senders; four auto-rules) and Ben (one
 * account, one message, one analysis).
 */
export async function buildKimhFixture(target: KimhTarget, imapHost: string): Promise<void> {
  const anna = await addKimhUser(target, { id: 1, username: "anna", email: "Anna@Example.org", password: PASSWORDS.anna });
  const ben = await addKimhUser(target, { id: 2, username: "ben", email: "ben@example.org", password: PASSWORDS.ben });

  await target.insert("mail_accounts", {
    id: 10,
    user_id: 1,
    name: "Privat",
    auth_type: "imap",
    encrypted_imap_server: encryptKimh(anna, imapHost),
    imap_server_hash: kimhSenderHash(imapHost),
    imap_port: 993,
    encrypted_imap_username: encryptKimh(anna, "anna"),
    encrypted_imap_password: encryptKimh(anna, "imap-secret-anna"),
    imap_encryption: "STARTTLS",
    enabled: true,
    urgency_booster_enabled: true,
  });
  await target.insert("mail_accounts", { id: 11, user_id: 1, name: "Gmail", auth_type: "oauth", encrypted_oauth_token: encryptKimh(anna, "ya29.token"), enabled: true });
  await target.insert("mail_accounts", {
    id: 20,
    user_id: 2,
    name: "Ben",
    auth_type: "imap",
    encrypted_imap_server: encryptKimh(ben, imapHost),
    imap_port: 993,
    encrypted_imap_username: encryptKimh(ben, "ben"),
    encrypted_imap_password: encryptKimh(ben, "imap-secret-ben"),
    enabled: true,
  });

  await addKimhMail(target, 1, anna, {
    id: 100,
    accountId: 10,
    uid: 1,
    sender: "Stadtwerke Köln <rechnung@stadtwerke.example>",
    subject: "Ihre Rechnung für März",
    body: "Guten Tag,\n\nanbei Ihre Rechnung. Bitte zahlen Sie bis Freitag.\n\nMit freundlichen Grüßen",
    messageId: "<rechnung-1@stadtwerke.example>",
    attachments: [{ id: 500, filename: "Rechnung März.pdf", mimeType: "application/pdf", content: PDF_BYTES }],
  });
  await addKimhMail(target, 1, anna, {
    id: 101,
    accountId: 10,
    uid: 2,
    sender: "Newsletter <news@shop.example>",
    subject: "Sommerangebote",
    body: "<html><body><p>Nur diese Woche: <b>20 % Rabatt</b></p></body></html>",
    html: true,
    messageId: "<news-7@shop.example>",
    seen: true,
  });
  await addKimhMail(target, 1, anna, {
    id: 102,
    accountId: 10,
    uid: 3,
    folder: "Archiv",
    sender: "chef@firma.example",
    subject: "Projekt Bericht",
    body: "Kannst du mir den Bericht bis morgen schicken?",
    messageId: "<bericht@firma.example>",
  });
  await addKimhMail(target, 1, anna, { id: 103, accountId: 10, uid: 4, sender: "alt@example.org", subject: "Gelöscht", body: "weg", messageId: "<weg@example.org>", deleted: true });
  await addKimhMail(target, 1, anna, { id: 104, accountId: 11, uid: 1, sender: "x@gmail.example", subject: "OAuth", body: "oauth mail", messageId: "<oauth@gmail.example>" });
  await addKimhMail(target, 2, ben, { id: 200, accountId: 20, uid: 1, sender: "Oma <oma@example.org>", subject: "Sonntag", body: "Kommst du zum Essen?", messageId: "<sonntag@example.org>" });

  const analysis = (id: number, rawId: number, dek: Buffer, fields: Record<string, unknown>) =>
    target.insert("processed_emails", {
      id,
      raw_email_id: rawId,
      dringlichkeit: 2,
      wichtigkeit: 2,
      kategorie_aktion: "nur_information",
      spam_flag: false,
      encrypted_summary_de: encryptKimh(dek, `Zusammenfassung ${id}`),
      score: 5,
      farbe: "gelb",
      base_provider: "ollama",
      base_model: "llama3.2",
      ...fields,
    });
  await analysis(300, 100, anna, { dringlichkeit: 3, wichtigkeit: 3, kategorie_aktion: "aktion_erforderlich", farbe: "rot" });
  await analysis(301, 101, anna, { dringlichkeit: 1, wichtigkeit: 1, user_override_kategorie: "nur_information", user_override_spam_flag: true, user_override_wichtigkeit: 1 });
  await analysis(302, 102, anna, { dringlichkeit: 2, wichtigkeit: 3, kategorie_aktion: "aktion_erforderlich" });
  await analysis(303, 104, anna, {});
  await analysis(400, 200, ben, { kategorie_aktion: "aktion_erforderlich" });

  await target.insert("email_tags", { id: 600, user_id: 1, name: "Rechnung", color: "#ff0000" });
  await target.insert("email_tags", { id: 601, user_id: 1, name: "Werbung", color: "#00ff00" });
  await target.insert("email_tag_assignments", { id: 700, email_id: 300, tag_id: 600, auto_assigned: false });
  await target.insert("email_tag_assignments", { id: 701, email_id: 301, tag_id: 601, auto_assigned: true });

  await target.insert("sender_patterns", { id: 800, user_id: 1, sender_hash: kimhSenderHash("rechnung@stadtwerke.example"), category: "aktion_erforderlich", priority: 3, email_count: 4 });
  await target.insert("sender_patterns", { id: 801, user_id: 1, sender_hash: kimhSenderHash("someone-never-migrated@example.net"), category: "nur_information", priority: 1, email_count: 2 });

  await target.insert("trusted_senders", { id: 900, user_id: 1, sender_pattern: "chef@firma.example", pattern_type: "exact", label: "Chef" });
  await target.insert("trusted_senders", { id: 901, user_id: 1, sender_pattern: "firma.example", pattern_type: "email_domain", label: "Firma" });
  await target.insert("spacy_vip_senders", { id: 950, user_id: 1, account_id: 10, sender_pattern: "oma@example.org", pattern_type: "exact", importance_boost: 3, is_active: true });
  await target.insert("spacy_vip_senders", { id: 951, user_id: 1, account_id: 10, sender_pattern: "alt@example.org", pattern_type: "exact", importance_boost: 1, is_active: false });

  const rule = (id: number, name: string, priority: number, conditions: unknown, actions: unknown, active = true) =>
    target.insert("auto_rules", { id, user_id: 1, name, is_active: active, priority, conditions_json: JSON.stringify(conditions), actions_json: JSON.stringify(actions), enable_learning: false });
  await rule(1000, "Rechnungen", 10, { match_mode: "all", subject_contains: "Rechnung" }, { apply_tag: "Rechnung", mark_as_read: true });
  await rule(1001, "KI-Tag", 20, { match_mode: "all", ai_suggested_tag: "Reise", ai_confidence_threshold: 85 }, { apply_tag: "Reise" });
  await rule(1002, "Spam weg", 30, { match_mode: "any", sender_domain: "spam.example" }, { delete: true });
  await rule(1003, "Lookahead", 40, { match_mode: "all", subject_regex: "^(?!Re:).*Angebot", sender_contains: "shop" }, { move_to_folder: "Archiv", stop_processing: true });
}
