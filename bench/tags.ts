/**
 * Learned tag suggestions on a replayed mailbox (bench/tags-set/, see its
 * README): messages in arrival order; each is first given suggestions
 * (before its tags are known), then the user's assignments are learned.
 *
 * Two users are replayed: one who only assigns tags (ignored suggestions
 * teach nothing: this is how the product behaves, an ignored suggestion is
 * not a rejection), and one who also clicks "reject" on every wrong
 * suggestion shown. The baseline is the name matching alone (./tags.ts),
 * which learns nothing. Suggestions count when shown: confidence ≥
 * MIN_CONFIDENCE, at most 3; the baseline gets the same threshold.
 *
 * Precision at k: of the top-k suggestions shown, the share the user
 * assigned. Recall at k: of the tags the user assigned, the share among the
 * top-k suggestions. Each measured over the WINDOW messages after the
 * message that brought the n-th assignment.
 *
 *   bun run bench:tags
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { tagFeatures, type TagFeatures } from "../src/analysis/local/tag-features.ts";
import { deserializeTagModel, emptyTagModel, learnTag, MIN_CONFIDENCE, serializeTagModel, suggestFromModel, type TagModel } from "../src/analysis/local/tag-model.ts";
import { suggestTags } from "../src/analysis/local/tags.ts";
import { describeMachine } from "./machine.ts";
import { TAGS, type TagSetMessage } from "./tags-set/generate.ts";

const CHECKPOINTS = [10, 50, 200];
const WINDOW = 150;

const messages = readFileSync(join(import.meta.dir, "tags-set", "messages.jsonl"), "utf8")
  .trim()
  .split("\n")
  .map((line) => JSON.parse(line) as TagSetMessage);
const tags = TAGS.map((name, index) => ({ id: `00000000-0000-4000-8000-00000000000${index}`, name }));
const idOf = new Map<string, string>(tags.map((tag) => [tag.name, tag.id]));
const tagById = new Map(tags.map((tag) => [tag.id, tag]));

const featuresOf = (message: TagSetMessage): TagFeatures =>
  tagFeatures({ from: [message.from], subject: message.subject, text: message.text, headers: message.listId ? { "list-id": message.listId } : {} }, message.account);

interface Replay {
  /** Suggested tag ids per message, best first (shown ones only). */
  suggested: string[][];
  /** Index of the message that brought the n-th assignment (1-based n). */
  assignmentAt: number[];
  suggestMicros: number;
  learnMicros: number;
  learned: number;
  model: TagModel | null;
  sizes: Map<number, number>;
}

function replay(kind: "learned" | "learned+reject" | "baseline"): Replay {
  const model = emptyTagModel();
  const result: Replay = { suggested: [], assignmentAt: [], suggestMicros: 0, learnMicros: 0, learned: 0, model: kind === "baseline" ? null : model, sizes: new Map() };
  const names = tags.map((tag) => tag.name);
  messages.forEach((message, index) => {
    const started = performance.now();
    let shown: string[];
    let features: TagFeatures | null = null;
    if (kind === "baseline") {
      shown = suggestTags(names, message.subject, message.text)
        .filter((tag) => tag.confidence >= MIN_CONFIDENCE)
        .slice(0, 3)
        .map((tag) => idOf.get(tag.name)!);
    } else {
      features = featuresOf(message);
      shown = suggestFromModel(model, features, tags, { exclude: new Set() }).map((suggestion) => suggestion.tagId);
    }
    result.suggestMicros += (performance.now() - started) * 1000;
    result.suggested.push(shown);
    const truth = message.tags.map((name) => idOf.get(name)!);
    for (let count = 0; count < truth.length; count++) {
      result.assignmentAt.push(index);
      if (result.model && CHECKPOINTS.includes(result.assignmentAt.length)) result.sizes.set(result.assignmentAt.length, serializeTagModel(model).byteLength);
    }
    if (!features) return;
    const learning = performance.now();
    for (const tagId of truth) learnTag(model, features, tagById.get(tagId)!, 1);
    result.learned += truth.length;
    if (kind === "learned+reject") {
      for (const tagId of shown) {
        if (truth.includes(tagId)) continue;
        learnTag(model, features, tagById.get(tagId)!, -1);
        result.learned++;
      }
    }
    result.learnMicros += (performance.now() - learning) * 1000;
  });
  return result;
}

interface Scores {
  p1: number;
  r1: number;
  p3: number;
  r3: number;
  shown: number;
}

function score(run: Replay, from: number, to: number): Scores {
  let shown1 = 0;
  let right1 = 0;
  let shown3 = 0;
  let right3 = 0;
  let truths = 0;
  for (let index = from; index < Math.min(to, messages.length); index++) {
    const truth = messages[index]!.tags.map((name) => idOf.get(name)!);
    const suggested = run.suggested[index]!;
    truths += truth.length;
    shown1 += Math.min(1, suggested.length);
    shown3 += suggested.length;
    right1 += suggested.slice(0, 1).filter((id) => truth.includes(id)).length;
    right3 += suggested.filter((id) => truth.includes(id)).length;
  }
  return { p1: right1 / shown1, r1: right1 / truths, p3: right3 / shown3, r3: right3 / truths, shown: shown3 / Math.max(1, Math.min(to, messages.length) - from) };
}

const percent = (value: number) => (Number.isNaN(value) ? "   –  " : `${(value * 100).toFixed(1).padStart(5)}%`);
const tagged = messages.filter((message) => message.tags.length > 0).length;
const assignments = messages.reduce((sum, message) => sum + message.tags.length, 0);

console.log(`bench:tags on ${describeMachine()}, load ${(await Bun.file("/proc/loadavg").text()).split(" ").slice(0, 3).join(" ")}`);
console.log(
  `data: bench/tags-set, ${messages.length} messages (${messages[0]!.date.slice(0, 10)} – ${messages.at(-1)!.date.slice(0, 10)}), ${tagged} tagged, ${assignments} assignments, ${tags.length} tags`,
);
console.log(`shown: confidence ≥ ${MIN_CONFIDENCE}, at most 3; window: the ${WINDOW} messages after the one that brought the n-th assignment\n`);

const runs = { baseline: replay("baseline"), learned: replay("learned"), "learned+reject": replay("learned+reject") } as const;
const describe = {
  baseline: "name matching only (today)",
  learned: "learned, assignments only",
  "learned+reject": "learned, user rejects wrong ones",
} as const;

console.log(`${"after n assignments".padEnd(20)} ${"model".padEnd(34)} ${"P@1".padStart(6)} ${"R@1".padStart(6)} ${"P@3".padStart(6)} ${"R@3".padStart(6)}  shown/msg`);
for (const checkpoint of [...CHECKPOINTS, 0]) {
  for (const [name, run] of Object.entries(runs)) {
    const from = checkpoint === 0 ? 0 : run.assignmentAt[checkpoint - 1]! + 1;
    const to = checkpoint === 0 ? messages.length : from + WINDOW;
    const label = checkpoint === 0 ? "whole replay" : `n=${checkpoint} (msgs ${from + 1}–${Math.min(to, messages.length)})`;
    const s = score(run, from, to);
    console.log(`${label.padEnd(20)} ${describe[name as keyof typeof describe].padEnd(34)} ${percent(s.p1)} ${percent(s.r1)} ${percent(s.p3)} ${percent(s.r3)}  ${s.shown.toFixed(2)}`);
  }
}

// Per tag over the whole replay: which kinds of tag the model learns (sender, list, words, sparse).
function perTag(run: Replay, tagId: string): { precision: number; recall: number } {
  let shown = 0;
  let right = 0;
  let truths = 0;
  messages.forEach((message, index) => {
    const truth = message.tags.map((name) => idOf.get(name)!).includes(tagId);
    const suggested = run.suggested[index]!.includes(tagId);
    truths += truth ? 1 : 0;
    shown += suggested ? 1 : 0;
    right += truth && suggested ? 1 : 0;
  });
  return { precision: right / shown, recall: right / truths };
}
console.log(`
per tag, whole replay (precision / recall at 3):`);
console.log(`  ${"tag".padEnd(18)} ${"assigned".padStart(8)}  ${"name matching".padEnd(16)} ${"learned".padEnd(16)} ${"learned+reject".padEnd(16)}`);
for (const tag of tags) {
  const cells = (["baseline", "learned", "learned+reject"] as const).map((name) => {
    const { precision, recall } = perTag(runs[name], tag.id);
    return `${percent(precision)} / ${percent(recall)}`.padEnd(16);
  });
  const assigned = messages.filter((message) => message.tags.includes(tag.name)).length;
  console.log(`  ${tag.name.padEnd(18)} ${String(assigned).padStart(8)}  ${cells.join(" ")}`);
}

// Cost: suggesting for every message with the final model (features included), best of 3, against the baseline.
function timed(work: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    work();
    best = Math.min(best, performance.now() - started);
  }
  return (best * 1000) / messages.length;
}
const finalModel = runs["learned+reject"].model!;
const names = tags.map((tag) => tag.name);
const baselineMicros = timed(() => {
  for (const message of messages) suggestTags(names, message.subject, message.text);
});
const featureMicros = timed(() => {
  for (const message of messages) featuresOf(message);
});
const suggestMicros = timed(() => {
  for (const message of messages) suggestFromModel(finalModel, featuresOf(message), tags, { exclude: new Set() });
});
const finalBytes = serializeTagModel(finalModel);
const loadMicros = timed(() => {
  for (let index = 0; index < messages.length; index++) deserializeTagModel(finalBytes);
});
const learnedRun = runs["learned+reject"];
console.log(`\ncost per message (final model, ${tags.length} tags, best of 3):`);
console.log(`  baseline name matching          ${baselineMicros.toFixed(1).padStart(7)} µs`);
console.log(`  tag features alone              ${featureMicros.toFixed(1).padStart(7)} µs`);
console.log(`  learned suggest (with features) ${suggestMicros.toFixed(1).padStart(7)} µs`);
console.log(`  reading the stored model (the pipeline does per message, before decryption)  ${loadMicros.toFixed(1)} µs`);
console.log(`  learning one feedback           ${(learnedRun.learnMicros / learnedRun.learned).toFixed(1).padStart(7)} µs  (${learnedRun.learned} learned in the replay)`);
const sizes = (run: Replay) => [...run.sizes].map(([n, bytes]) => `n=${n}: ${(bytes / 1024).toFixed(1)} KiB`).join(", ");
const weights = (model: TagModel) => [...model.tags.values()].reduce((sum, entry) => sum + entry.weights.size, 0);
console.log(`\nserialised model (before encryption):`);
for (const name of ["learned", "learned+reject"] as const) {
  const model = runs[name].model!;
  console.log(`  ${describe[name].padEnd(34)} ${sizes(runs[name])}, end: ${(serializeTagModel(model).byteLength / 1024).toFixed(1)} KiB, ${weights(model)} weights`);
}
