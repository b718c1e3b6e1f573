/**
 * The 3×3 priority matrix as a table: urgency rows high → low, importance
 * columns low → high (the dashboard's counts, the message page's cell).
 */
import type { Child } from "hono/jsx";
import type { Level } from "../src/analysis/types.ts";

const LEVELS = [1, 2, 3] as const satisfies readonly Level[];
const ROWS = [3, 2, 1] as const satisfies readonly Level[];

export interface MatrixTableProps {
  class: string;
  caption: string;
  /** The top left cell, whole (a `td` or a `th`). */
  corner: Child;
  columnLabel: (importance: Level) => string;
  rowLabel: (urgency: Level) => string;
  /** One cell, whole (its `td`). */
  cell: (urgency: Level, importance: Level) => Child;
}

export function MatrixTable({ class: name, caption, corner, columnLabel, rowLabel, cell }: MatrixTableProps) {
  return (
    <table class={name}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {corner}
          {LEVELS.map((importance) => (
            <th scope="col">{columnLabel(importance)}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {ROWS.map((urgency) => (
          <tr>
            <th scope="row">{rowLabel(urgency)}</th>
            {LEVELS.map((importance) => cell(urgency, importance))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
