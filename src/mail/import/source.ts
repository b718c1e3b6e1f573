/**
 * What an import reads: a single mbox or .eml file, a Maildir tree, or a
 * directory of mbox files (one per folder, as the export writes them: the
 * file name without ".mbox" is the folder, subdirectories are levels) and
 * .eml files. Every reader streams; symbolic links are never followed.
 */
import { lstat, open, readdir } from "node:fs/promises";
import { basename, extname, join, relative, sep } from "node:path";
import { createReadStream } from "node:fs";
import { countMaildir, isMaildir, readMaildir } from "./maildir.ts";
import { mboxStatusFlags, readMbox } from "./mbox.ts";

/** "export": an encrypted export archive (./export-archive.ts), opened by the job before its mbox files are read. */
export type ImportFormat = "mbox" | "maildir" | "eml" | "directory" | "export";

export interface ImportEntry {
  /** The account label an export archive names for the message; otherwise the import's one account. */
  account?: string;
  folder: string;
  flags: string[];
  raw: Uint8Array;
  /** Where in the source, for the list of unreadable messages: "Archive.mbox #12", "INBOX/cur/1700.x:2,S". */
  name: string;
  date: Date | null;
}

const MBOX_EXTENSIONS = new Set([".mbox", ".mbx", ".mboxrd", ""]);

/** A folder name from a file name: "Sent.mbox" → "Sent", "inbox" → "INBOX". */
export function folderFromFileName(fileName: string): string {
  const extension = extname(fileName);
  const name = MBOX_EXTENSIONS.has(extension.toLowerCase()) ? basename(fileName, extension) : basename(fileName);
  const cleaned = name.trim() || "INBOX";
  return cleaned.toUpperCase() === "INBOX" ? "INBOX" : cleaned;
}

async function startsWithFromLine(path: string): Promise<boolean> {
  const handle = await open(path, "r");
  try {
    const head = Buffer.alloc(5);
    const { bytesRead } = await handle.read(head, 0, 5, 0);
    return bytesRead === 5 && head.toString("latin1") === "From ";
  } finally {
    await handle.close();
  }
}

export async function detectFormat(path: string): Promise<ImportFormat> {
  const stats = await lstat(path);
  if (stats.isDirectory()) return (await isMaildir(path)) ? "maildir" : "directory";
  if (!stats.isFile()) throw new Error("not a file or directory");
  return (await startsWithFromLine(path)) ? "mbox" : "eml";
}

export async function* mboxEntries(path: string, folder: string, label: string): AsyncGenerator<ImportEntry> {
  let position = 0;
  for await (const message of readMbox(createReadStream(path, { highWaterMark: 256 * 1024 }))) {
    position++;
    yield { folder, flags: mboxStatusFlags(message.raw), raw: message.raw, name: `${label} #${position}`, date: message.date };
  }
}

async function* emlEntry(path: string, folder: string, label: string): AsyncGenerator<ImportEntry> {
  yield { folder, flags: [], raw: await Bun.file(path).bytes(), name: label, date: null };
}

/** The files of a directory tree (no symbolic links, no hidden names), sorted so an import reads them in a stable order. */
async function treeFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith(".")) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) files.push(path);
    }
  };
  await walk(root);
  return files;
}

async function* directoryEntries(root: string): AsyncGenerator<ImportEntry> {
  for (const path of await treeFiles(root)) {
    const rel = relative(root, path);
    const parent = rel.includes(sep) ? rel.slice(0, rel.lastIndexOf(sep)).split(sep).join("/") : "";
    if (extname(path).toLowerCase() === ".eml") yield* emlEntry(path, parent || "INBOX", rel);
    else if (await startsWithFromLine(path)) {
      const folder = folderFromFileName(basename(path));
      yield* mboxEntries(path, parent ? (folder === "INBOX" ? parent : `${parent}/${folder}`) : folder, rel);
    }
  }
}

/**
 * The messages of a source, in a stable order (an interrupted import skips
 * what it already did). `label`: the name the user knows the source by (an
 * upload's file name), for the folder of a single mbox and for reports.
 */
export async function* readSource(path: string, format: ImportFormat, label: string): AsyncGenerator<ImportEntry> {
  if (format === "maildir") {
    for await (const message of readMaildir(path)) yield message;
  } else if (format === "mbox") yield* mboxEntries(path, folderFromFileName(label), label);
  else if (format === "eml") yield* emlEntry(path, "INBOX", label);
  else yield* directoryEntries(path);
}

/** How many messages the source holds (a first, cheap pass), for progress. */
export async function countSource(path: string, format: ImportFormat, label: string): Promise<number> {
  if (format === "maildir") return await countMaildir(path);
  let count = 0;
  for await (const entry of readSource(path, format, label)) count += entry.raw.byteLength >= 0 ? 1 : 0;
  return count;
}
