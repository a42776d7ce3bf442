/**
 * `loopwise profile FILE --function NAME --args JSON [--workers N] [--timeout S]
 * [--memory MB] [--python PATH] [--dask-scheduler tcp://HOST:PORT] [--engines LIST]
 * [--format json|text] [--trace OUT.json]`. Exit codes: 0 done, 1 a task
 * failed or a run's results differ from the sequential run, 2 bad usage.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { toChromeTrace } from './chrome-trace';
import { toCliJson } from './cli-json';
import { findFunctionByName, parseTaskArgs } from './find-target';
import { formatProfileText } from './format-text';
import { runProfile } from './engine';
import { PROFILER_DEFAULTS, PROFILER_ENGINES, profilerEngines } from './protocol';
import { ProfileError } from './types';
import { daskSchedulerProblem } from './python/run-python';

const USAGE = `usage: loopwise profile FILE --function NAME [--args JSON] [--workers N] [--timeout S]
                        [--memory MB] [--python PATH] [--dask-scheduler tcp://HOST:PORT]
                        [--engines LIST] [--format json|text] [--trace OUT.json]
  --args     a JSON array of argument arrays, e.g. '[[30],[31],[32]]'; defaults to the
             '// loopwise-profile-args:' comment above the function
  --workers  top of the worker-pool sweep (default: all cores)
  --timeout  wall-clock limit in seconds (default ${PROFILER_DEFAULTS.timeoutSeconds})
  --memory   heap limit in MB for the profiler process and each worker (default ${PROFILER_DEFAULTS.memoryLimitMb})
  --trace    also write a Chrome trace (Trace Event Format) to this file
  --python   the Python interpreter for a .py FILE (default: python3 on PATH); the joblib
             and Dask runs happen where it has them installed
  --dask-scheduler
             run the dask run on the Dask cluster at this scheduler instead of a
             LocalCluster (the setting loopwise.profiler.daskScheduler in the editor)
  --engines  the scale-out engines to run for a .py FILE, comma-separated from
             ${PROFILER_ENGINES.join(', ')}, or none (default ${PROFILER_DEFAULTS.engines.join(',')}; the setting
             loopwise.profiler.engines); they take the most time
`;

const VALUE_FLAGS = new Set(['--function', '--args', '--workers', '--timeout', '--memory', '--format', '--trace', '--python', '--dask-scheduler', '--engines']);

function parseArgv(argv: string[]): { file?: string; flags: Map<string, string>; error?: string } {
  const flags = new Map<string, string>();
  let file: string | undefined;
  const args = argv[0] === 'profile' ? argv.slice(1) : argv;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--help' || a === '-h') flags.set('--help', '1');
    else if (VALUE_FLAGS.has(a)) {
      if (i + 1 >= args.length) return { flags, error: `${a} needs a value.` };
      flags.set(a, args[++i]);
    } else if (a.includes('=') && VALUE_FLAGS.has(a.slice(0, a.indexOf('=')))) {
      flags.set(a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1));
    } else if (a.startsWith('--')) return { flags, error: `Unknown option ${a}.` };
    else if (file) return { flags, error: `Only one FILE, but got '${file}' and '${a}'.` };
    else file = a;
  }
  return { file, flags };
}

function positiveNumber(flags: Map<string, string>, name: string): number | undefined | string {
  const v = flags.get(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n > 0 ? n : `${name} must be a positive number, not '${v}'.`;
}

export async function runProfileCommand(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const usage = (msg: string) => {
    out.write(`loopwise profile: ${msg}\n${USAGE}`);
    return 2;
  };
  const { file, flags, error } = parseArgv(argv);
  if (flags.has('--help')) {
    out.write(USAGE);
    return 0;
  }
  if (error) return usage(error);
  if (!file) return usage('FILE is missing.');
  const name = flags.get('--function');
  if (!name) return usage('--function NAME is missing.');
  const format = flags.get('--format') ?? 'text';
  if (format !== 'json' && format !== 'text') return usage(`--format must be json or text, not '${format}'.`);
  const workers = positiveNumber(flags, '--workers');
  const timeout = positiveNumber(flags, '--timeout');
  const memory = positiveNumber(flags, '--memory');
  for (const v of [workers, timeout, memory]) if (typeof v === 'string') return usage(v);
  const python = flags.get('--python');
  if (python !== undefined && !python.trim()) return usage('--python needs the path of an interpreter.');
  const daskScheduler = flags.get('--dask-scheduler');
  if (daskScheduler !== undefined) {
    const problem = daskSchedulerProblem(daskScheduler.trim());
    if (problem) return usage(`${problem}.`);
  }

  const enginesFlag = flags.get('--engines');
  let engines: ReturnType<typeof profilerEngines> | undefined;
  if (enginesFlag !== undefined) {
    const names = enginesFlag.split(',').map((n) => n.trim()).filter(Boolean);
    const unknown = names.filter((n) => n !== 'none' && !(PROFILER_ENGINES as readonly string[]).includes(n));
    if (unknown.length || !names.length || (names.includes('none') && names.length > 1)) {
      return usage(`--engines takes ${PROFILER_ENGINES.join(', ')} (comma-separated) or none, not '${enginesFlag}'.`);
    }
    engines = profilerEngines(names);
  }

  const path = resolve(file);
  const pythonOnly = python !== undefined ? '--python' : daskScheduler !== undefined ? '--dask-scheduler' : enginesFlag !== undefined ? '--engines' : undefined;
  if (pythonOnly && !/\.pyw?$/i.test(path)) return usage(`${pythonOnly} is for a Python FILE (.py), not '${file}'.`);
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (e) {
    return usage(`cannot read ${file}: ${(e as Error).message}`);
  }
  const found = findFunctionByName(source, path, name);
  if (found.kind !== 'function') return usage(found.kind === 'none' ? found.reason : `'${name}' is not a function.`);
  const argsJson = flags.get('--args') ?? found.argsComment;
  if (!argsJson) return usage(`--args is missing, and ${name} has no '// loopwise-profile-args:' comment.`);
  let tasks: unknown[][];
  try {
    tasks = parseTaskArgs(argsJson);
  } catch (e) {
    return usage((e as Error).message);
  }

  try {
    const result = await runProfile({
      file: path,
      target: { kind: 'function', name },
      tasks,
      maxWorkers: workers as number | undefined,
      timeoutSeconds: timeout as number | undefined,
      memoryLimitMb: memory as number | undefined,
      pythonPath: python,
      daskScheduler: daskScheduler?.trim(),
      engines,
    });
    const trace = flags.get('--trace');
    if (trace) writeFileSync(trace, JSON.stringify(toChromeTrace(result)));
    out.write(format === 'json' ? JSON.stringify(toCliJson(result), null, 2) + '\n' : formatProfileText(result));
    return result.runs.every((r) => r.matchesSequential) ? 0 : 1;
  } catch (e) {
    if (!(e instanceof ProfileError)) throw e;
    const f = e.failure;
    if (format === 'json') out.write(JSON.stringify({ error: f }, null, 2) + '\n');
    else out.write(`loopwise profile: ${f.kind}: ${f.message}\n${f.stack ? f.stack + '\n' : ''}`);
    return f.kind === 'bad-input' ? 2 : 1;
  }
}
