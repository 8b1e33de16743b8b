/**
 * Preloaded into each server the queue-latency bench starts (ours and the bare baseline alike, with
 * `--import`): answers `'cpu'` on the IPC channel with `process.cpuUsage()` (user + system, µs, all
 * threads), so both sides' CPU is measured the same way, from inside, without touching server code.
 */
process.on('message', (msg) => {
  if (msg === 'cpu') {
    const u = process.cpuUsage();
    process.send?.({ cpuUs: u.user + u.system });
  }
});
