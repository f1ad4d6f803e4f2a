// Preloaded by bench/run.mjs (`node --require`) where /usr/bin/time is missing: writes the
// process's peak resident set size, in KiB, to the file named by PERFECT_GEN_BENCH_RSS.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  const file = process.env.PERFECT_GEN_BENCH_RSS;
  if (file) writeFileSync(file, String(process.resourceUsage().maxRSS));
});
