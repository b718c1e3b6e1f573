/**
 * Migration from KI-Mail-Helper (issue 21, item 4): `npm run import-kimh`.
 *
 * For each of its users: the password (asked by the caller) derives its key
 * the way its code does and unwraps its data key (./kimh-crypto.ts); a wrong
 * password skips that user with the reason, the others go on. A user comes
 * over with a new data key of ours (background mode), the same password,
 * which they must change at first sign-in, and no second factor (they set
 * up a new one: its TOTP secret was stored in plain text). Then their mail
 * (./import-mail.ts) and lists (./import-lists.ts).
 *
 * Every row brought over is recorded in kimh_imports in the transaction
 * that writes it (or right after a storeBatch), so a second run writes
 * nothing and reports the rows as present. A dry run reads and decrypts
 * everything and writes nothing. The report (./report.ts) compares a
 * checksum of the source rows with one of our rows read back
 * (./target-side.ts).
 */
import { normalizeEmail } from "../email-address.ts";
import { countUsers, createUser, EmailTakenError } from "../auth/users.ts";
import { unwrapWithMaster } from "../crypto/data-key.ts";
import type { MasterKeyring } from "../crypto/master-key.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { importAccounts, importAnalyses, importMessages } from "./import-mail.ts";
import { importRules, importSenderPatterns, importTagAssignments, importTags, importVipSenders } from "./import-lists.ts";
import { deriveKimhKek, KimhDecryptError, unwrapKimhDek } from "./kimh-crypto.ts";
import { mappedUser, remember } from "./mapping.ts";
import { checksumLine, ImportReport, type Table } from "./report.ts";
import { asText, type KimhSource } from "./source.ts";
import { addTargetLines } from "./target-side.ts";
import type { UserImport } from "./user-import.ts";

export interface ImportOptions {
  dryRun: boolean;
  /** The user's KI-Mail-Helper password; null skips the user. */
  passwordFor(user: { username: string; email: string }): Promise<string | null>;
}

const hasOverride = (row: Record<string, unknown>) =>
  ["user_override_dringlichkeit", "user_override_wichtigkeit", "user_override_kategorie", "user_override_spam_flag"].some((column) => row[column] !== null && row[column] !== undefined);

/** Our data key of a user an earlier run made: through the master wrap (they may have changed the password since). */
async function existingDataKey(sql: Sql, keyring: MasterKeyring, userId: string): Promise<SecretKey | null> {
  const [row] = await sql<{ wrapped: Uint8Array | null; keyId: string | null }[]>`
    select dek_master_wrapped as wrapped, dek_master_key_id as "keyId" from users where id = ${userId}`;
  if (!row?.wrapped || !row.keyId) return null;
  return unwrapWithMaster({ wrapped: row.wrapped, keyId: row.keyId }, keyring, userId);
}

export async function importKimh({ sql, keyring }: { sql: Sql; keyring: MasterKeyring }, source: KimhSource, options: ImportOptions): Promise<ImportReport> {
  const report = new ImportReport(options.dryRun);
  const users = await source.rows("users");
  const rawOwner = await source.pairs("raw_emails", "user_id");
  const attachmentParent = await source.pairs("email_attachments", "raw_email_id");
  const processed = await source.rows("processed_emails");
  const assignments = await source.rows("email_tag_assignments");
  const tagOwner = await source.pairs("email_tags", "user_id");
  let makeAdmin = (await countUsers(sql)) === 0;

  const processedOf = (kimhUserId: string) => processed.filter((row) => rawOwner.get(String(row.raw_email_id)) === kimhUserId);
  const assignmentsOf = (kimhUserId: string) => assignments.filter((row) => tagOwner.get(String(row.tag_id)) === kimhUserId);

  for (const user of users) {
    const kimhUserId = String(user.id);
    const email = normalizeEmail(asText(user.email) ?? "");
    const username = asText(user.username) ?? email;
    const usersTally = report.tally("users");
    usersTally.read++;
    const perUser: Record<Exclude<Table, "users" | "raw_emails" | "email_attachments" | "processed_emails" | "corrections" | "email_tag_assignments">, Record<string, unknown>[]> = {
      mail_accounts: await source.rowsWhere("mail_accounts", "user_id", Number(user.id)),
      email_tags: await source.rowsWhere("email_tags", "user_id", Number(user.id)),
      sender_patterns: await source.rowsWhere("sender_patterns", "user_id", Number(user.id)),
      trusted_senders: await source.rowsWhere("trusted_senders", "user_id", Number(user.id)),
      spacy_vip_senders: await source.rowsWhere("spacy_vip_senders", "user_id", Number(user.id)),
      auto_rules: await source.rowsWhere("auto_rules", "user_id", Number(user.id)),
    };
    const userProcessed = processedOf(kimhUserId);

    const skipUser = (reason: string) => {
      usersTally.skip(reason);
      const because = "its user was not migrated";
      for (const [table, rows] of Object.entries(perUser) as [Table, unknown[]][]) {
        report.tally(table).read += rows.length;
        if (rows.length) report.tally(table).skip(because, rows.length);
      }
      const rawIds = new Set([...rawOwner].filter(([, owner]) => owner === kimhUserId).map(([id]) => id));
      const attachments = [...attachmentParent.values()].filter((parent) => rawIds.has(parent)).length;
      const corrections = userProcessed.filter(hasOverride).length;
      const userAssignments = assignmentsOf(kimhUserId).length;
      for (const [table, count] of [
        ["raw_emails", rawIds.size],
        ["email_attachments", attachments],
        ["processed_emails", userProcessed.length],
        ["corrections", corrections],
        ["email_tag_assignments", userAssignments],
      ] as [Table, number][]) {
        report.tally(table).read += count;
        if (count) report.tally(table).skip(because, count);
      }
    };

    if (!email.includes("@")) {
      skipUser("no e-mail address to sign in with");
      continue;
    }
    const password = await options.passwordFor({ username, email });
    if (password === null) {
      skipUser("no password given");
      continue;
    }
    let kimhKey: Buffer;
    try {
      kimhKey = unwrapKimhDek(await deriveKimhKek(password, asText(user.salt) ?? ""), asText(user.encrypted_dek) ?? "");
    } catch (error) {
      if (!(error instanceof KimhDecryptError)) throw error;
      skipUser("wrong password: its data key did not open");
      continue;
    }

    let userId = (await mappedUser(sql, email)) ?? null;
    let dataKey: SecretKey | null = null;
    if (userId) {
      dataKey = await existingDataKey(sql, keyring, userId);
      if (!dataKey) {
        skipUser("migrated before, but now in strict mode: our data key opens only with their new password");
        continue;
      }
      usersTally.present++;
    } else if ((await sql`select 1 from users where lower(email) = ${email}`).length > 0) {
      skipUser("a user with this address exists here already (not from this import)");
      continue;
    } else {
      usersTally.written++;
      if (!options.dryRun) {
        const role = makeAdmin ? "admin" : "user";
        try {
          const created = await sql.begin(async (tx) => {
            const made = await createUser(tx, keyring, { email, password, role, displayName: username });
            await tx`update users set password_change_required = true where id = ${made.user.id}`;
            await remember(tx, made.user.id, "user", email, made.user.id);
            return made;
          });
          userId = created.user.id;
          dataKey = created.dataKey;
          makeAdmin = false;
        } catch (error) {
          if (!(error instanceof EmailTakenError)) throw error;
          usersTally.written--;
          skipUser("a user with this address exists here already (not from this import)");
          continue;
        }
      }
    }
    usersTally.sourceLines.push(checksumLine(email, [email]));

    const work: UserImport = {
      sql,
      source,
      report,
      dryRun: options.dryRun,
      kimhUserId: Number(user.id),
      email,
      kimhKey,
      userId,
      dataKey,
      messages: new Map(),
      processed: new Map(),
      senders: new Map(),
      folders: userId ? await sql<{ accountId: string; folderId: string; path: string }[]>`select account_id as "accountId", id as "folderId", path from folders where user_id = ${userId}` : [],
      tags: new Map(),
    };
    const accounts = await importAccounts(work, perUser.mail_accounts);
    for (const row of perUser.mail_accounts) {
      const accountId = accounts.get(String(row.id));
      if (accountId) await importMessages(work, String(row.id), accountId);
      else {
        const rows = await source.rowsWhere("raw_emails", "mail_account_id", Number(row.id));
        const rawIds = new Set(rows.map((raw) => String(raw.id)));
        const attachments = [...attachmentParent.values()].filter((parent) => rawIds.has(parent)).length;
        report.tally("raw_emails").read += rows.length;
        if (rows.length) report.tally("raw_emails").skip("its account was not migrated", rows.length);
        report.tally("email_attachments").read += attachments;
        if (attachments) report.tally("email_attachments").skip("its account was not migrated", attachments);
      }
    }
    await importTags(work, perUser.email_tags);
    await importAnalyses(work, userProcessed);
    await importTagAssignments(work, assignmentsOf(kimhUserId));
    await importSenderPatterns(work, perUser.sender_patterns);
    await importVipSenders(work, "trusted_senders", perUser.trusted_senders);
    await importVipSenders(work, "spacy_vip_senders", perUser.spacy_vip_senders);
    await importRules(work, perUser.auto_rules);
    if (!options.dryRun && userId && dataKey) await addTargetLines(sql, dataKey, userId, email, report);
  }

  // Rows that belong to no user there (broken references): read, and skipped.
  const known = new Set(users.map((user) => String(user.id)));
  const orphans = processed.filter((row) => !known.has(rawOwner.get(String(row.raw_email_id)) ?? ""));
  if (orphans.length) {
    report.tally("processed_emails").read += orphans.length;
    report.tally("processed_emails").skip("its message does not exist there", orphans.length);
  }
  return report;
}
