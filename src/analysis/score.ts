/**
 * The priority of an analysed message: score = 2 × urgency + importance
 * (3–9), its traffic light, and its cell in the 3×3 urgency × importance
 * matrix. The same rule is a generated column in `analyses` (0008), so SQL
 * and code cannot disagree.
 */
import type { Level } from "./types.ts";

export type TrafficLight = "red" | "yellow" | "green";

export function priorityScore(urgency: Level, importance: Level): number {
  return 2 * urgency + importance;
}

/** Red from 8, yellow from 5, otherwise green. */
export function trafficLight(score: number): TrafficLight {
  return score >= 8 ? "red" : score >= 5 ? "yellow" : "green";
}
