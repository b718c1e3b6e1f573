/**
 * Where the shared test corpora are. They live beside the checkout
 * (`../shared/corpora/` of the workspace), not in the repository; a clone
 * elsewhere finds them through MIME_TORTURE_DIR or the workspace path. A
 * missing corpus fails the test that needs it: it is never skipped.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";

const PROJECT_DIR = join(import.meta.dir, "..", "..");

export function mimeTortureDir(): string {
  const candidates = [process.env.MIME_TORTURE_DIR, join(PROJECT_DIR, "..", "shared", "corpora", "mime-torture"), "/work/shared/corpora/mime-torture"];
  const found = candidates.find((dir): dir is string => Boolean(dir && existsSync(dir)));
  if (!found) throw new Error(`the MIME torture corpus is not at ${candidates.filter(Boolean).join(" or ")}: set MIME_TORTURE_DIR`);
  return found;
}
