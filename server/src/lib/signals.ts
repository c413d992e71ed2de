/**
 * A stop request, listened for from the moment a process starts, not from the moment it is ready. A SIGTERM that
 * arrives between "running" being printed and a handler being installed would otherwise kill the process outright
 * (Node's default action), skipping the graceful shutdown; supervisors and tests send it exactly then.
 */
export type StopSignal = "SIGTERM" | "SIGINT";

export function stopRequested(signals: StopSignal[] = ["SIGTERM", "SIGINT"]): Promise<StopSignal> {
  return new Promise((resolve) => {
    const handlers = signals.map((signal) => {
      const handler = () => {
        // The first signal starts the shutdown; the others are no longer ours to catch.
        for (const [s, h] of handlers) process.off(s, h);
        resolve(signal);
      };
      process.on(signal, handler);
      return [signal, handler] as const;
    });
  });
}
