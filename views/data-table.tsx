/**
 * The list tables (mailboxes, folders, users, invitations, audit log,
 * sessions, senders, AI visibility, threads, messages): a `table.list` with
 * an optional caption for screen readers, a row of column headers and a row
 * per item. With no items and an `empty` sentence, the sentence instead.
 */
import type { Child } from "hono/jsx";

export interface Column {
  label: Child;
  class?: string;
}

type Head =
  | { columns: readonly (string | Column)[]; head?: undefined }
  /** A `<thead>` rendered beforehand (the message list renders its own once per language). */
  | { head: Child; columns?: undefined };

export type DataTableProps<Row> = Head & {
  /** Classes after `list`, naming the table (`accounts`, `threads`). */
  class?: string;
  caption?: string;
  rows: readonly Row[];
  row: (row: Row) => Child;
  empty?: string;
};

export function DataTable<Row>({ class: name, caption, columns, head, rows, row, empty }: DataTableProps<Row>) {
  if (rows.length === 0 && empty !== undefined) return <p class="empty">{empty}</p>;
  return (
    <table class={name ? `list ${name}` : "list"}>
      {caption && <caption class="visually-hidden">{caption}</caption>}
      {head ?? (
        <thead>
          <tr>
            {columns?.map((column) =>
              typeof column === "string" ? (
                <th scope="col">{column}</th>
              ) : (
                <th scope="col" class={column.class}>
                  {column.label}
                </th>
              ),
            )}
          </tr>
        </thead>
      )}
      <tbody>{rows.map((entry) => row(entry))}</tbody>
    </table>
  );
}
