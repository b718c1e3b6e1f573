/**
 * A counting semaphore for IDLE connection attempts in one process. After a
 * server restart every watcher wants to reconnect; their jittered delays
 * spread the attempts over seconds, and the gate caps how many TLS
 * handshakes, LOGINs and SELECTs run at once, so a burst can neither
 * saturate the worker's event loop nor look like an attack to the provider.
 *
 * @example
 *   const gate = createConnectionGate(16);
 *   const release = await gate.acquire();
 *   try { await client.connect(); } finally { release(); }
 */
export interface ConnectionGate {
  /** Waits for a free slot; the function it returns gives the slot back (once, however often called). */
  acquire(): Promise<() => void>;
  /** Attempts running now (tests, the bench). */
  inUse(): number;
}

export function createConnectionGate(limit: number): ConnectionGate {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`a connection gate needs a limit of at least 1, got ${limit}`);
  let used = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    // The slot passes straight to the next waiter, so a newcomer cannot overtake the queue.
    if (next) next();
    else used--;
  };
  return {
    async acquire() {
      if (used < limit) used++;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      let held = true;
      return () => {
        if (!held) return;
        held = false;
        release();
      };
    },
    inUse: () => used,
  };
}

/** No limit: a watcher started on its own (tests) connects at once. */
export const UNGATED: ConnectionGate = {
  acquire: async () => () => {},
  inUse: () => 0,
};
