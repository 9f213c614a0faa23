/**
 * SIGTERM (a service manager) or SIGINT (Ctrl-C): runs `stop` once, then exits 0 (1 when stopping
 * failed). Returns the same once-only stop, for other reasons to stop.
 */
export function onStopSignal(stop: () => Promise<void>, signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM']): () => void {
  let stopping = false;
  const once = () => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('stopping failed:', error);
        process.exit(1);
      },
    );
  };
  for (const signal of signals) process.on(signal, once);
  return once;
}
