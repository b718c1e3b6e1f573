/**
 * Reads a Maildir tree: the root's cur/ and new/ are INBOX, Maildir++
 * subfolders (".Folder.Sub") are "Folder/Sub". Flags come from the ":2,"
 * suffix of a file name (S seen, R answered, F flagged, T trashed, D draft);
 * mail in new/ is unseen. One message in memory at a time; symbolic links
 * are not followed, so a tree cannot point the reader outside itself.
 *
 * @example
 *   for await (const message of readMaildir("/srv/mail/anna")) console.log(message.folder, message.flags);
 */
import { lstat, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

export interface MaildirMessage {
  /** The folder path, "/" between levels: "INBOX", "Archive/2024". */
  folder: string;
  flags: string[];
  raw: Uint8Array;
  /** The file's name in the tree, for reporting a message that could not be read. */
  name: string;
  date: Date | null;
}

const FLAG_LETTERS: Record<string, string> = { S: "\\Seen", R: "\\Answered", F: "\\Flagged", T: "\\Deleted", D: "\\Draft" };

export function maildirFlags(fileName: string, inNew: boolean): string[] {
  if (inNew) return [];
  const info = fileName.lastIndexOf(":2,");
  if (info === -1) return [];
  const flags = new Set<string>();
  for (const letter of fileName.slice(info + 3)) if (FLAG_LETTERS[letter]) flags.add(FLAG_LETTERS[letter]);
  return [...flags].sort();
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isDirectory();
  } catch {
    return false;
  }
}

export async function isMaildir(path: string): Promise<boolean> {
  return (await isDirectory(join(path, "cur"))) || (await isDirectory(join(path, "new")));
}

/** The folders of a Maildir++ tree, INBOX first, each with its directory. */
export async function maildirFolders(root: string): Promise<{ folder: string; dir: string }[]> {
  const folders = [{ folder: "INBOX", dir: root }];
  const entries = (await readdir(root, { withFileTypes: true })).filter((entry) => entry.isDirectory() && entry.name.startsWith(".") && entry.name.length > 1);
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name === ".." || !(await isMaildir(join(root, entry.name)))) continue;
    folders.push({ folder: entry.name.slice(1).split(".").join("/"), dir: join(root, entry.name) });
  }
  return folders;
}

async function messageFiles(dir: string): Promise<{ path: string; name: string; inNew: boolean }[]> {
  const files: { path: string; name: string; inNew: boolean }[] = [];
  for (const sub of ["cur", "new"] as const) {
    const subdir = join(dir, sub);
    if (!(await isDirectory(subdir))) continue;
    const names = (await readdir(subdir, { withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name);
    for (const name of names.sort()) files.push({ path: join(subdir, name), name: `${sub}/${name}`, inNew: sub === "new" });
  }
  return files;
}

/** Counts a Maildir tree's messages: the total an import's progress is measured against. */
export async function countMaildir(root: string): Promise<number> {
  let count = 0;
  for (const { dir } of await maildirFolders(root)) count += (await messageFiles(dir)).length;
  return count;
}

export async function* readMaildir(root: string): AsyncGenerator<MaildirMessage> {
  for (const { folder, dir } of await maildirFolders(root)) {
    for (const file of await messageFiles(dir)) {
      const raw = await readFile(file.path);
      // Maildir's unique names usually start with the delivery time in seconds.
      const seconds = Number(/^(\d{9,11})\./.exec(file.name.slice(4))?.[1]);
      yield { folder, flags: maildirFlags(file.name, file.inNew), raw, name: `${folder}/${file.name}`, date: seconds ? new Date(seconds * 1000) : null };
    }
  }
}
