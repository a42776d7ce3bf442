// Preloaded into a benchmarked process (node -r): reports its peak resident set size on exit.
process.on('exit', () => {
  process.stderr.write(`\nBENCH_MAX_RSS_KB ${process.resourceUsage().maxRSS}\n`);
});
