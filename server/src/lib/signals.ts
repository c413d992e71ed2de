/**
 * A stop request, listened for from the moment a process starts, not from the moment it is ready. A SIGTERM that
 * arrives between "running" being printed and a handler being installed would otherwise kill the process outright
 * (Node's default action), skipping the graceful shutdown; supervisors and tests send it exactly then.
 *
 * The listeners stay until the process ends: only the first signal counts, and a later one (a service manager
 * signalling the whole process group after the cluster primary passed it on, a second Ctrl-C) must not kill the
 * process in the middle of its drain, which is bounded in time anyway.
 */
export type StopSignal = "SIGTERM" | "SIGINT";

export function stopRequested(signals: StopSignal[] = ["SIGTERM", "SIGINT"]): Promise<StopSignal> {
  return new Promise((resolve) => {
    for (const signal of signals) process.on(signal, () => resolve(signal));
  });
}
