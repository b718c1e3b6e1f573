/** The gate IDLE watchers connect through: at most `limit` attempts at once, the rest wait their turn. */
import { describe, expect, test } from "bun:test";
import { createConnectionGate } from "../../../src/mail/idle/connection-gate.ts";

describe("createConnectionGate", () => {
  test("holds the third attempt of a gate of two until one gives its slot back, then lets waiters in arrival order", async () => {
    const gate = createConnectionGate(2);
    const first = await gate.acquire();
    await gate.acquire();
    const order: string[] = [];
    const inOrder = (name: string) => (release: () => void) => {
      order.push(name);
      return release;
    };
    const third = gate.acquire().then(inOrder("third"));
    const fourth = gate.acquire().then(inOrder("fourth"));
    await Bun.sleep(10);
    expect(order).toEqual([]);
    expect(gate.inUse()).toBe(2);
    first();
    first(); // a second call gives nothing back twice
    const releaseThird = await third;
    await Bun.sleep(10);
    expect(order).toEqual(["third"]);
    releaseThird();
    (await fourth)();
    expect(order).toEqual(["third", "fourth"]);
    expect(gate.inUse()).toBe(1);
  });

  test("never runs more than the limit however many wait", async () => {
    const gate = createConnectionGate(3);
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 40 }, async (_, n) => {
        const release = await gate.acquire();
        running++;
        peak = Math.max(peak, running);
        await Bun.sleep(n % 3);
        running--;
        release();
      }),
    );
    expect(peak).toBe(3);
    expect(gate.inUse()).toBe(0);
  });

  test("refuses a limit below one", () => {
    expect(() => createConnectionGate(0)).toThrow(RangeError);
  });
});
