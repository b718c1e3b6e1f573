/**
 * What an import run prints: per source table, rows read, written, already
 * present (an earlier run) and skipped with their reasons, and two
 * checksums that must be equal. The source checksum is SHA-256 over the
 * sorted lines "<source id>:<SHA-256 of the decrypted content>" of every
 * row brought over (written or present), computed from KI-Mail-Helper's
 * database; the target checksum is the same over the same rows read back
 * from ours after the import (src/migrate-kimh/target-side.ts) and
 * decrypted with the user's new data key.
 */
import { createHash } from "node:crypto";

export const TABLES = [
  "users",
  "mail_accounts",
  "raw_emails",
  "email_attachments",
  "processed_emails",
  "corrections",
  "email_tags",
  "email_tag_assignments",
  "sender_patterns",
  "trusted_senders",
  "spacy_vip_senders",
  "auto_rules",
] as const;
export type Table = (typeof TABLES)[number];

export const sha256Hex = (value: string | Uint8Array) => createHash("sha256").update(value).digest("hex");

/** One line of a checksum: the row's source id and a hash of its content in a canonical form. */
export const checksumLine = (sourceId: string | number, canonical: unknown[]) => `${sourceId}:${sha256Hex(JSON.stringify(canonical))}`;

export function checksumOf(lines: string[]): string {
  return sha256Hex([...lines].sort().join("\n"));
}

export class TableTally {
  read = 0;
  written = 0;
  present = 0;
  readonly skipped = new Map<string, number>();
  readonly sourceLines: string[] = [];
  readonly targetLines: string[] = [];

  constructor(readonly table: Table) {}

  skip(reason: string, count = 1): void {
    this.skipped.set(reason, (this.skipped.get(reason) ?? 0) + count);
  }

  get skippedCount(): number {
    let sum = 0;
    for (const count of this.skipped.values()) sum += count;
    return sum;
  }
}

export class ImportReport {
  readonly tables = new Map<Table, TableTally>(TABLES.map((table) => [table, new TableTally(table)]));
  /** Per auto-rule: what did not map, and why. */
  readonly ruleNotes: { user: string; rule: string; notes: string[] }[] = [];

  constructor(readonly dryRun: boolean) {}

  tally(table: Table): TableTally {
    return this.tables.get(table)!;
  }

  /** Whether every table's two checksums agree (a dry run has no target side). */
  get consistent(): boolean {
    if (this.dryRun) return true;
    return [...this.tables.values()].every((tally) => checksumOf(tally.sourceLines) === checksumOf(tally.targetLines));
  }

  format(): string {
    const out: string[] = [];
    const head = ["table", "read", this.dryRun ? "would write" : "written", "present", "skipped", "source checksum", "target checksum"];
    const rows = [...this.tables.values()].map((tally) => {
      const source = checksumOf(tally.sourceLines).slice(0, 16);
      const target = this.dryRun ? "-" : checksumOf(tally.targetLines).slice(0, 16);
      const mark = this.dryRun ? "" : source === target ? " ok" : " MISMATCH";
      return [tally.table, String(tally.read), String(tally.written), String(tally.present), String(tally.skippedCount), source, target + mark];
    });
    const widths = head.map((cell, index) => Math.max(cell.length, ...rows.map((row) => row[index]!.length)));
    const line = (cells: string[]) => cells.map((cell, index) => (index === 0 ? cell.padEnd(widths[index]!) : cell.padStart(widths[index]!))).join("  ");
    out.push(this.dryRun ? "dry run: nothing was written" : "import finished");
    out.push(line(head));
    for (const row of rows) out.push(line(row));
    const reasons = [...this.tables.values()].flatMap((tally) => [...tally.skipped].map(([reason, count]) => `  ${tally.table}: ${count} skipped: ${reason}`));
    if (reasons.length) out.push("skipped:", ...reasons);
    if (this.ruleNotes.length) {
      out.push("auto-rules, what did not map:");
      for (const note of this.ruleNotes) out.push(`  ${note.user} / "${note.rule}":`, ...note.notes.map((text) => `    - ${text}`));
    }
    return out.join("\n");
  }
}
