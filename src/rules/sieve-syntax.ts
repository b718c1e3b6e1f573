/**
 * Sieve's grammar (RFC 5228 section 8) as a syntax tree, for the import:
 * commands with arguments, tests and blocks; comments kept so a rule's name
 * written above it can be found. Hand-written because no kept library
 * parses Sieve in JavaScript, and the input is the user's own script; it is
 * bounded (MAX_SIEVE_SCRIPT_CHARS, MAX_SIEVE_NESTING) and never throws: a
 * syntax error is a result with its line. Multi-line strings (`text:`) are
 * not read: nothing we export needs them.
 */
import { MAX_SIEVE_NESTING, MAX_SIEVE_SCRIPT_CHARS } from "./limits.ts";

export type SieveArgument = { kind: "tag"; value: string } | { kind: "number"; value: number } | { kind: "strings"; value: string[] };

export interface SieveTest {
  name: string;
  line: number;
  args: SieveArgument[];
  tests: SieveTest[];
}

export interface SieveCommand {
  name: string;
  line: number;
  args: SieveArgument[];
  tests: SieveTest[];
  block: SieveCommand[] | null;
  /** The comment lines right above it. */
  comments: string[];
}

export type SieveSyntax = { ok: true; commands: SieveCommand[] } | { ok: false; line: number; message: string };

type Token =
  | { kind: "identifier" | "tag"; value: string; line: number }
  | { kind: "string"; value: string; line: number }
  | { kind: "number"; value: number; line: number }
  | { kind: "punct"; value: string; line: number }
  | { kind: "comment"; value: string; line: number };

class SieveSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const QUANTIFIERS: Record<string, number> = { K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

function tokenize(script: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < script.length) {
    const char = script[i]!;
    if (char === "\n") {
      line++;
      i++;
    } else if (char === " " || char === "\t" || char === "\r") i++;
    else if (char === "#") {
      const end = script.indexOf("\n", i);
      const stop = end === -1 ? script.length : end;
      tokens.push({ kind: "comment", value: script.slice(i + 1, stop).trim(), line });
      i = stop;
    } else if (char === "/" && script[i + 1] === "*") {
      const end = script.indexOf("*/", i + 2);
      if (end === -1) throw new SieveSyntaxError(line, "unterminated comment");
      for (let k = i; k < end; k++) if (script[k] === "\n") line++;
      i = end + 2;
    } else if (char === '"') {
      const start = line;
      let value = "";
      i++;
      while (true) {
        if (i >= script.length) throw new SieveSyntaxError(start, "unterminated string");
        const c = script[i]!;
        if (c === '"') break;
        if (c === "\\" && i + 1 < script.length) {
          value += script[i + 1];
          i += 2;
          continue;
        }
        if (c === "\n") line++;
        value += c;
        i++;
      }
      i++;
      tokens.push({ kind: "string", value, line: start });
    } else if (/[0-9]/.test(char)) {
      const match = /^([0-9]{1,10})([KMG])?/i.exec(script.slice(i, i + 12))!;
      tokens.push({ kind: "number", value: Number(match[1]) * (QUANTIFIERS[(match[2] ?? "").toUpperCase()] ?? 1), line });
      i += match[0].length;
    } else if (/[A-Za-z_:]/.test(char)) {
      const match = /^:?[A-Za-z_][A-Za-z0-9_]*/.exec(script.slice(i, i + 200));
      if (!match) throw new SieveSyntaxError(line, `unexpected "${char}"`);
      if (match[0] === "text:" || (match[0] === "text" && script[i + 4] === ":")) throw new SieveSyntaxError(line, "multi-line strings (text:) are not supported");
      tokens.push({ kind: match[0].startsWith(":") ? "tag" : "identifier", value: match[0].toLowerCase().replace(/^:/, ""), line });
      i += match[0].length;
    } else if ("[](),;{}".includes(char)) {
      tokens.push({ kind: "punct", value: char, line });
      i++;
    } else throw new SieveSyntaxError(line, `unexpected "${char}"`);
  }
  return tokens;
}

class Parser {
  private position = 0;
  private pendingComments: string[] = [];
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    while (this.tokens[this.position]?.kind === "comment") this.pendingComments.push((this.tokens[this.position++] as { value: string }).value);
    return this.tokens[this.position];
  }

  private next(): Token {
    const token = this.peek();
    if (!token) throw new SieveSyntaxError(this.tokens.at(-1)?.line ?? 1, "unexpected end of script");
    this.position++;
    return token;
  }

  private isPunct(value: string): boolean {
    const token = this.peek();
    return token?.kind === "punct" && token.value === value;
  }

  private expect(value: string): void {
    const token = this.next();
    if (token.kind !== "punct" || token.value !== value) throw new SieveSyntaxError(token.line, `expected "${value}"`);
  }

  /** The first token not read yet: a stray "}" after the last command. */
  leftover(): Token | undefined {
    return this.peek();
  }

  commands(depth: number): SieveCommand[] {
    if (depth > MAX_SIEVE_NESTING) throw new SieveSyntaxError(this.peek()?.line ?? 1, `blocks nested deeper than ${MAX_SIEVE_NESTING}`);
    const commands: SieveCommand[] = [];
    while (this.peek() && !this.isPunct("}")) commands.push(this.command(depth));
    return commands;
  }

  private command(depth: number): SieveCommand {
    this.peek();
    const comments = this.pendingComments;
    this.pendingComments = [];
    const token = this.next();
    if (token.kind !== "identifier") throw new SieveSyntaxError(token.line, "expected a command");
    const args = this.arguments();
    const tests = this.isPunct("(") ? this.testList(depth) : this.peek()?.kind === "identifier" ? [this.test(depth)] : [];
    let block: SieveCommand[] | null = null;
    if (this.isPunct("{")) {
      this.next();
      block = this.commands(depth + 1);
      this.expect("}");
    } else this.expect(";");
    return { name: token.value, line: token.line, args, tests, block, comments };
  }

  private arguments(): SieveArgument[] {
    const args: SieveArgument[] = [];
    while (true) {
      const token = this.peek();
      if (token?.kind === "tag") args.push({ kind: "tag", value: (this.next() as { value: string }).value });
      else if (token?.kind === "number") args.push({ kind: "number", value: (this.next() as { value: number }).value });
      else if (token?.kind === "string") args.push({ kind: "strings", value: [(this.next() as { value: string }).value] });
      else if (this.isPunct("[")) {
        this.next();
        const list: string[] = [];
        do {
          const item = this.next();
          if (item.kind !== "string") throw new SieveSyntaxError(item.line, "expected a string in the list");
          list.push(item.value);
        } while (this.isPunct(",") && this.next());
        this.expect("]");
        args.push({ kind: "strings", value: list });
      } else return args;
    }
  }

  private testList(depth: number): SieveTest[] {
    this.expect("(");
    const tests = [this.test(depth + 1)];
    while (this.isPunct(",")) {
      this.next();
      tests.push(this.test(depth + 1));
    }
    this.expect(")");
    return tests;
  }

  private test(depth: number): SieveTest {
    const token = this.next();
    if (depth > MAX_SIEVE_NESTING) throw new SieveSyntaxError(token.line, `tests nested deeper than ${MAX_SIEVE_NESTING}`);
    if (token.kind !== "identifier") throw new SieveSyntaxError(token.line, "expected a test");
    const args = this.arguments();
    const tests = this.isPunct("(") ? this.testList(depth) : this.peek()?.kind === "identifier" ? [this.test(depth + 1)] : [];
    return { name: token.value, line: token.line, args, tests };
  }
}

/** The script's commands, or the first syntax error with its line. */
export function parseSieve(script: string): SieveSyntax {
  if (script.length > MAX_SIEVE_SCRIPT_CHARS) return { ok: false, line: 1, message: `the script is longer than ${MAX_SIEVE_SCRIPT_CHARS} characters` };
  try {
    const parser = new Parser(tokenize(script));
    const commands = parser.commands(0);
    const rest = parser.leftover();
    if (rest) return { ok: false, line: rest.line, message: 'unexpected "}"' };
    return { ok: true, commands };
  } catch (error) {
    if (error instanceof SieveSyntaxError) return { ok: false, line: error.line, message: error.message };
    return { ok: false, line: 1, message: "the script could not be read" };
  }
}
