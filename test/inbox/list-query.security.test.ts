/** A list query from the address bar: malformed dates are a named error (400 upstream), never a crash. */
import { describe, expect, test } from "bun:test";
import { InvalidListQueryError, parseListQuery } from "../../src/inbox/list-query.ts";

describe("parseListQuery", () => {
  test.each(["notadate", "2020-13-45", "2020-00-01", "2026-02-31", "0000-00-00", "99999-01-01", "2020-1-1", " "])("%p in from or to is refused by name", (value) => {
    for (const name of ["from", "to"]) {
      if (value.trim() === "") expect(parseListQuery({ [name]: value }).filters[name as "from"]).toBeUndefined();
      else expect(() => parseListQuery({ [name]: value })).toThrow(new InvalidListQueryError(`invalid list parameters: ${name}`));
    }
  });

  test("a real day is kept", () => {
    expect(parseListQuery({ from: "2024-02-29", to: "2024-03-01" }).filters).toMatchObject({ from: "2024-02-29", to: "2024-03-01" });
  });
});
