// A CI script (run by a workflow with `require('./scripts/issue-bot.mjs')`): nothing the
// package's main, exports, bin or node scripts reach imports it, so its exported async
// function is the script's one run, not an entry point of the package. Left alone.
import { execFileSync } from 'node:child_process';

function grep(needle, dir) {
  return execFileSync('grep', ['-r', '-F', '--', needle, dir], { encoding: 'utf8' });
}

export async function triage(github, context, dir) {
  const found = grep(context.payload.issue.title, dir);
  await github.rest.issues.createComment({ body: found });
}
