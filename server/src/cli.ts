#!/usr/bin/env node
/**
 * The `loopwise` command line: the same engines as the language server, for CI.
 *   loopwise [--format text|json|sarif] [--config FILE] PATH...
 *   loopwise profile FILE --function NAME --args JSON [...]
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createAnalysisWorkspace } from './analysis';
import type { AnalysisWorkspace, FileAnalysis } from './engine/workspace';
import { ConfigError, loadConfig } from './cli/config';
import { failedReport, renderText, toJsonReport, toSarif, type JsonReport } from './cli/formats';
import { collectSourceFiles, type CollectOptions } from './cli/collect-files';
import { rules } from './rules';
import { runProfileCommand } from './profiler/cli-profile';

declare const LOOPWISE_VERSION: string | undefined;
const VERSION = typeof LOOPWISE_VERSION === 'string' ? LOOPWISE_VERSION : '0.0.0-dev';

const USAGE = `Usage:
  loopwise [--format text|json|sarif] [--config FILE] [--follow-symlinks] PATH...
  loopwise profile FILE --function NAME [--args JSON] [...]   (loopwise profile --help for its options)
  loopwise --list-rules | --help | --version

Analyses the TypeScript, JavaScript and Python files under each PATH (folders
recursively, skipping node_modules) for concurrency mistakes. Symbolic links
that lead out of the given PATHs are not followed unless --follow-symlinks.
Exit codes: 0 nothing at warning or above, 1 something is, 2 usage or config
error, or Loopwise failed (a file it could not analyse through its own fault).
Files skipped for a reason of their own (binary, too large, a link not
followed) are listed at the end.`;

class UsageError extends Error {}

/** Every analysable file under the given paths, in a stable order (see cli/collect-files.ts). */
export function collectFiles(paths: string[], handles: (file: string) => boolean, options: CollectOptions = {}): string[] {
  return collectSourceFiles(paths, handles, (path) => {
    throw new UsageError(`no such file or folder: ${path}`);
  }, options);
}

async function lint(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream, cwd: string): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      config: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' },
      'list-rules': { type: 'boolean' },
      'follow-symlinks': { type: 'boolean' },
    },
  });
  if (values.help) {
    out.write(USAGE + '\n');
    return 0;
  }
  if (values.version) {
    out.write(VERSION + '\n');
    return 0;
  }
  if (values['list-rules']) {
    for (const r of rules) out.write(`${r.meta.id.padEnd(26)} ${r.meta.defaultSeverity.padEnd(8)} ${r.meta.languages.join(', ').padEnd(22)} ${r.meta.description}\n`);
    return 0;
  }
  const format = values.format!;
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`unknown --format "${format}"; use text, json or sarif`);
  if (positionals.length === 0) throw new UsageError('no PATH given');
  const { settings } = loadConfig(values.config, cwd);

  const workspace = createAnalysisWorkspace(positionals.map((p) => resolve(cwd, p)), (message) => err.write(`loopwise: ${message}\n`));
  const notFollowed: FileAnalysis[] = [];
  const files = collectFiles(positionals.map((p) => resolve(cwd, p)), (f) => workspace.backendFor(f) !== undefined, {
    followSymlinks: values['follow-symlinks'],
    onSkipped: (file, error) => notFollowed.push({ file, findings: [], error, outcome: 'skipped' }),
  });
  let report: JsonReport;
  try {
    await attachOptionalBackends(workspace);
    workspace.typescript.preload(files.filter((f) => workspace.typescript.handles(f)));
    const results: FileAnalysis[] = [...notFollowed];
    for (const file of files) {
      if (!workspace.backendFor(file)) {
        results.push({ file, findings: [], error: 'skipped: Loopwise does not analyse this kind of file', outcome: 'skipped' });
        continue;
      }
      results.push(await workspace.analyzeFile(file, settings));
    }
    report = toJsonReport(results, workspace, cwd);
  } catch (error) {
    // Still a report in the format asked for, so that CI sees the run failed.
    err.write(`loopwise: internal error: ${(error as Error).stack ?? error}\n`);
    report = failedReport(`internal error: ${(error as Error).message ?? error}`);
  }
  if (format === 'json') out.write(JSON.stringify(report, null, 2) + '\n');
  else if (format === 'sarif') out.write(JSON.stringify(toSarif(report, VERSION), null, 2) + '\n');
  else out.write(renderText(report));
  // Findings from a run that failed are not all there is: the failure decides the exit.
  if (!report.executionSuccessful) return 2;
  return report.diagnostics.some((d) => d.severity === 'error' || d.severity === 'warning') ? 1 : 0;
}

/** Language backends that load asynchronously (Python's tree-sitter grammar). */
async function attachOptionalBackends(workspace: AnalysisWorkspace): Promise<void> {
  void workspace;
}

export async function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  try {
    if (argv[0] === 'profile') {
      return await runProfileCommand(argv.slice(1), out);
    }
    return await lint(argv, out, err, process.cwd());
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err.write(`loopwise: ${(error as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    err.write(`loopwise: internal error: ${(error as Error).stack ?? error}\n`);
    return 2;
  }
}

/** Runs the command line on this process's arguments and streams. */
export function runFromCommandLine(): void {
  // `loopwise … | head` closes the pipe early; that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

if (require.main === module) runFromCommandLine();
