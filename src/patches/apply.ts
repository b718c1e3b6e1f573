/**
 * Changes we make to installed dependencies, at install time (npm's
 * postinstall, src/cli/postinstall.ts), until their upstreams ship them.
 * Each change is a text replacement; a set of changes applies whole or not
 * at all, and a set that no longer fits (a new upstream version) leaves the
 * files alone. Applying is idempotent. Start-up warns when a change is
 * missing (`missingPatches`).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { GRAPHILE_WORKER_PATCH } from "./graphile-worker.ts";
import { POSTGRES_JS_PATCH } from "./postgres-js.ts";

export interface Change {
  /** Relative to each of the patch's directories. */
  file: string;
  unpatched: string;
  patched: string;
}

export interface DependencyPatch {
  /** The package's name, as imports name it. */
  package: string;
  /** What the changes do, for the warning when they are missing. */
  summary: string;
  /** Directories inside the package that each hold a copy of the files (postgres.js ships three). */
  dirs: string[];
  /** Each set applies together or not at all. */
  changeSets: Change[][];
}

export const DEPENDENCY_PATCHES: DependencyPatch[] = [POSTGRES_JS_PATCH, GRAPHILE_WORKER_PATCH];

const filesOf = (patch: DependencyPatch) => [...new Set(patch.changeSets.flat().map((change) => change.file))];

/** The package's copies of the files, as directories. */
function sourceDirs(patch: DependencyPatch): string[] {
  const root = dirname(Bun.resolveSync(`${patch.package}/package.json`, import.meta.dir));
  return patch.dirs.map((dir) => join(root, dir)).filter((dir) => filesOf(patch).every((file) => existsSync(join(dir, file))));
}

/** The files the changes touch, read once each. */
const readSources = (patch: DependencyPatch, dir: string) => new Map(filesOf(patch).map((file) => [file, readFileSync(join(dir, file), "utf8")]));

/** Applies what is missing; returns the files changed. */
export function applyPatch(patch: DependencyPatch): string[] {
  const changed: string[] = [];
  for (const dir of sourceDirs(patch)) {
    const texts = readSources(patch, dir);
    const applied = (change: Change) => texts.get(change.file)!.includes(change.patched);
    const touched = new Set<string>();
    for (const set of patch.changeSets) {
      if (set.every(applied) || !set.every((change) => applied(change) || texts.get(change.file)!.includes(change.unpatched))) continue;
      for (const change of set.filter((change) => !applied(change))) {
        texts.set(change.file, texts.get(change.file)!.replace(change.unpatched, change.patched));
        touched.add(change.file);
      }
    }
    for (const file of touched) {
      writeFileSync(join(dir, file), texts.get(file)!);
      changed.push(join(dir, file));
    }
  }
  return changed;
}

/** True when every copy of the package's files has every change. */
export function isPatched(patch: DependencyPatch): boolean {
  const dirs = sourceDirs(patch);
  return (
    dirs.length > 0 &&
    dirs.every((dir) => {
      const texts = readSources(patch, dir);
      return patch.changeSets.flat().every((change) => texts.get(change.file)!.includes(change.patched));
    })
  );
}

/** The patches not (fully) applied to the installed packages. */
export const missingPatches = (): DependencyPatch[] => DEPENDENCY_PATCHES.filter((patch) => !isPatched(patch));
