/**
 * The streamed multipart reader alone (src/http/multipart-stream.ts): the
 * file arrives byte-identical however the body is cut into chunks around a
 * boundary (every split position, and one byte at a time), with CRLF, every
 * byte value and near-boundaries inside it; a field after the file is read;
 * a body cut short fails the file's stream so saveUpload removes its file;
 * a missing or wrong boundary, a second file and an oversized field are
 * refused; a form without a file (or with an empty one) saves nothing.
 */
import { describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { rm } from "node:fs/promises";
import type { Config } from "../../src/config.ts";
import { MultipartError, readUploadForm } from "../../src/http/multipart-stream.ts";
import { MULTIPART_FIELD_MAX_BYTES } from "../../src/limits.ts";
import { saveUpload, uploadDir } from "../../src/mail/import/request.ts";
import { tempDir } from "../support/temp.ts";

const BOUNDARY = "----formdata-bun-0.7184735";
const CONTENT_TYPE = `multipart/form-data; boundary=${BOUNDARY}`;

/** Every byte value, CRLFs, "--", and the delimiter short of its last character: all of it file content. */
const FILE = Buffer.concat([
  Buffer.from("From a@example.org Mon Dec  7 01:46:59 2026\r\nSubject: x\r\n\r\n--\r\n"),
  Buffer.from(Array.from({ length: 256 }, (_, n) => n)),
  Buffer.from(`\r\n--${BOUNDARY.slice(0, -1)}\r\n\r\n--${BOUNDARY.slice(0, 10)}`),
  Buffer.from([0, 13, 10, 13, 10, 45, 45, 255]),
  Buffer.from("\r\n"),
]);

type Part = { name: string; filename?: string; content: Uint8Array | string };

function multipartBody(parts: Part[], boundary = BOUNDARY): Buffer {
  const pieces: Buffer[] = [];
  for (const part of parts) {
    const filename = part.filename === undefined ? "" : `; filename="${part.filename}"`;
    const type = part.filename === undefined ? "" : "\r\nContent-Type: application/octet-stream";
    pieces.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${filename}${type}\r\n\r\n`), Buffer.from(part.content), Buffer.from("\r\n"));
  }
  pieces.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(pieces);
}

/** `body` as a stream of the pieces between `cuts` (offsets, ascending). */
function streamOf(body: Uint8Array, cuts: number[] = []): ReadableStream<Uint8Array> {
  const edges = [0, ...cuts, body.length];
  let next = 0;
  return new ReadableStream({
    pull(controller) {
      if (next >= edges.length - 1) return controller.close();
      controller.enqueue(body.slice(edges[next], edges[next + 1]));
      next++;
    },
  });
}

const collect = async (stream: ReadableStream<Uint8Array>) => Buffer.from(await new Response(stream).arrayBuffer());
const read = (stream: ReadableStream<Uint8Array>, contentType = CONTENT_TYPE) => readUploadForm(stream, contentType, { fileField: "file", saveFile: collect });
const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(MultipartError);
  return (error as MultipartError).code;
};

const FORM = multipartBody([
  { name: "file", filename: "Archiv.mbox", content: FILE },
  { name: "passphrase", content: "Leuchtturm Fahrrad Wolke 42" },
]);

describe("readUploadForm", () => {
  test("the file is byte-identical with the body cut at every position around each boundary, and cut into single bytes", async () => {
    const delimiters: number[] = [];
    for (let at = FORM.indexOf(`--${BOUNDARY}`); at >= 0; at = FORM.indexOf(`--${BOUNDARY}`, at + 1)) delimiters.push(at);
    expect(delimiters.length).toBe(3);
    const cuts = new Set<number>();
    for (const at of delimiters) for (let cut = at - 4; cut <= at + BOUNDARY.length + 8; cut++) if (cut > 0 && cut < FORM.length) cuts.add(cut);
    for (const cut of cuts) {
      const form = await read(streamOf(FORM, [cut]));
      expect({ cut, same: form.file?.saved.equals(FILE) }).toEqual({ cut, same: true });
      expect(form.fields.passphrase).toBe("Leuchtturm Fahrrad Wolke 42");
    }
    const bytes = await read(
      streamOf(
        FORM,
        Array.from({ length: FORM.length - 1 }, (_, n) => n + 1),
      ),
    );
    expect(bytes.file?.saved.equals(FILE)).toBe(true);
    expect(bytes.file?.filename).toBe("Archiv.mbox");
    expect(bytes.fields.passphrase).toBe("Leuchtturm Fahrrad Wolke 42");
  });

  test("CRLF and binary bytes inside the file arrive as sent, in one chunk as in many", async () => {
    const binary = Buffer.from(Array.from({ length: 70_000 }, (_, n) => (n * 7919) % 256));
    const body = multipartBody([{ name: "file", filename: "b.bin", content: Buffer.concat([Buffer.from("\r\n\r\n"), binary, Buffer.from("\r\n--\r\n")]) }]);
    for (const cuts of [[], [1000, 40_000, 65_536]]) {
      const form = await read(streamOf(body, cuts));
      expect(form.file?.saved.equals(Buffer.concat([Buffer.from("\r\n\r\n"), binary, Buffer.from("\r\n--\r\n")]))).toBe(true);
    }
  });

  test("a field before and after the file, a quoted boundary, a preamble and an epilogue", async () => {
    const body = Buffer.concat([
      Buffer.from("preamble to be ignored\r\n"),
      multipartBody([
        { name: "before", content: "eins" },
        { name: "file", filename: "x.eml", content: "Subject: x\r\n\r\nHallo\r\n" },
        { name: "passphrase", content: "Grüße aus Köln" },
      ]),
      Buffer.from("epilogue to be ignored"),
    ]);
    const form = await read(streamOf(body, [7, 300]), `multipart/form-data; charset=utf-8; boundary="${BOUNDARY}"`);
    expect(form.file?.saved.toString()).toBe("Subject: x\r\n\r\nHallo\r\n");
    expect({ ...form.fields }).toEqual({ before: "eins", passphrase: "Grüße aus Köln" });
  });

  test("a body cut short fails: inside the file, saveUpload removes what it wrote; after it, the saved file is handed back to be removed", async () => {
    const config = { dataDir: tempDir("multipart"), IMPORT_MAX_BYTES: 1_000_000 } as Config;
    const big = multipartBody([{ name: "file", filename: "a.mbox", content: Buffer.alloc(200_000, "x") }]);
    for (const end of [150_000, big.length - 10, big.length - 3]) {
      const code = await refusal(
        readUploadForm(streamOf(big.subarray(0, end), [50_000]), CONTENT_TYPE, {
          fileField: "file",
          saveFile: (stream) => saveUpload(config, stream),
          onAbandon: (path) => rm(path, { force: true }),
        }),
      );
      expect(code).toBe("truncated");
      expect(readdirSync(uploadDir(config))).toEqual([]);
    }
    expect(await refusal(read(streamOf(FORM.subarray(0, FORM.indexOf("Leuchtturm") + 3))))).toBe("truncated");
    expect(await refusal(read(streamOf(new Uint8Array(0))))).toBe("truncated");
  });

  test("no boundary, a garbled one, or a body without it is refused", async () => {
    expect(await refusal(read(streamOf(FORM), "multipart/form-data"))).toBe("no_boundary");
    expect(await refusal(read(streamOf(FORM), "application/x-www-form-urlencoded"))).toBe("no_boundary");
    expect(await refusal(readUploadForm(streamOf(FORM), undefined, { fileField: "file", saveFile: collect }))).toBe("no_boundary");
    expect(await refusal(read(streamOf(FORM), "multipart/form-data; boundary=another-boundary"))).toBe("malformed");
    expect(await refusal(read(streamOf(Buffer.alloc(100_000, "x"))))).toBe("malformed");
    const garbled = Buffer.from(FORM.toString("latin1").replace(`--${BOUNDARY}\r\nContent-Disposition`, `--${BOUNDARY}garbage\r\nContent-Disposition`), "latin1");
    expect(await refusal(read(streamOf(garbled)))).toBe("malformed");
  });

  test("a second file is refused and the first one handed back to be removed; a file under another name is refused before it is saved", async () => {
    const abandoned: Buffer[] = [];
    const twoFiles = multipartBody([
      { name: "file", filename: "a.mbox", content: "eins" },
      { name: "file", filename: "b.mbox", content: "zwei" },
    ]);
    const code = await refusal(readUploadForm(streamOf(twoFiles), CONTENT_TYPE, { fileField: "file", saveFile: collect, onAbandon: async (saved) => void abandoned.push(saved) }));
    expect(code).toBe("second_file");
    expect(abandoned.map(String)).toEqual(["eins"]);
    let saved = 0;
    const elsewhere = multipartBody([{ name: "other", filename: "a.mbox", content: "eins" }]);
    expect(await refusal(readUploadForm(streamOf(elsewhere), CONTENT_TYPE, { fileField: "file", saveFile: async () => saved++ }))).toBe("malformed");
    expect(saved).toBe(0);
  });

  test("a field past its cap, or with a NUL, is refused", async () => {
    const long = multipartBody([{ name: "passphrase", content: "x".repeat(MULTIPART_FIELD_MAX_BYTES + 1) }]);
    expect(await refusal(read(streamOf(long)))).toBe("too_large");
    expect(await refusal(read(streamOf(multipartBody([{ name: "passphrase", content: "a\u0000b" }]))))).toBe("malformed");
  });

  test("no file, or an empty file input, saves nothing", async () => {
    let saved = 0;
    for (const parts of [
      [{ name: "passphrase", content: "" }],
      [
        { name: "file", filename: "", content: "" },
        { name: "passphrase", content: "" },
      ],
    ] as Part[][]) {
      const form = await readUploadForm(streamOf(multipartBody(parts)), CONTENT_TYPE, { fileField: "file", saveFile: async () => saved++ });
      expect(form.file).toBeUndefined();
      expect(form.fields.passphrase).toBe("");
    }
    expect(saved).toBe(0);
  });
});
