/** The reconnect schedule: jittered, so watchers that lost their connection together do not come back in step. */
import { describe, expect, test } from "bun:test";
import { DEFAULT_IDLE_TIMING, reconnectDelayMs } from "../../../src/mail/idle/idle-watcher.ts";

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const timing = DEFAULT_IDLE_TIMING;

describe("reconnectDelayMs", () => {
  test("1,000 watchers dropped together spread their first attempt over the whole window, not at one instant", () => {
    const random = seededRandom(19);
    const delays = Array.from({ length: 1_000 }, () => reconnectDelayMs(0, timing, random));
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(timing.backoffMinMs);
      expect(delay).toBeLessThanOrEqual(timing.backoffMinMs + timing.reconnectSpreadMs);
    }
    // Ten 1-second slots of the 10-second window: each gets some, none gets a herd (uniform: ~100 each).
    const slots = Array.from({ length: 10 }, (_, slot) => delays.filter((delay) => Math.floor((delay - timing.backoffMinMs) / 1_000) === slot).length);
    expect(Math.min(...slots)).toBeGreaterThan(60);
    expect(Math.max(...slots)).toBeLessThan(140);
    expect(new Set(delays).size).toBeGreaterThan(900);
  });

  test("the window doubles with each failed attempt and stops at backoffMaxMs", () => {
    const median = (attempt: number) => {
      const random = seededRandom(attempt + 1);
      const delays = Array.from({ length: 501 }, () => reconnectDelayMs(attempt, timing, random)).sort((a, b) => a - b);
      return delays[250]!;
    };
    // Uniform over [min, min + spread·2^attempt]: the median sits near the middle of the window.
    for (const attempt of [0, 1, 2, 3]) {
      const middle = timing.backoffMinMs + (timing.reconnectSpreadMs * 2 ** attempt) / 2;
      expect(Math.abs(median(attempt) - middle)).toBeLessThan(middle * 0.15);
    }
    const random = seededRandom(7);
    for (const attempt of [5, 10, 60, 1_000]) {
      const delay = reconnectDelayMs(attempt, timing, random);
      expect(delay).toBeLessThanOrEqual(timing.backoffMaxMs);
      expect(delay).toBeGreaterThanOrEqual(timing.backoffMinMs);
    }
  });

  test("the extremes of the random source give the ends of the window", () => {
    expect(reconnectDelayMs(0, timing, () => 0)).toBe(timing.backoffMinMs);
    expect(reconnectDelayMs(0, timing, () => 0.999_999)).toBe(timing.backoffMinMs + timing.reconnectSpreadMs - 1);
    expect(reconnectDelayMs(2, timing, () => 0.5)).toBe(timing.backoffMinMs + timing.reconnectSpreadMs * 2);
    expect(reconnectDelayMs(40, timing, () => 0.999_999)).toBe(timing.backoffMaxMs);
  });

  test("the same seed gives the same schedule", () => {
    const schedule = (seed: number) => {
      const random = seededRandom(seed);
      return Array.from({ length: 20 }, (_, attempt) => reconnectDelayMs(attempt % 6, timing, random));
    };
    expect(schedule(42)).toEqual(schedule(42));
    expect(schedule(42)).not.toEqual(schedule(43));
  });
});
