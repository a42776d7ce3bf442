/**
 * Looks for a free-threaded CPython (PEP 703: built with `Py_GIL_DISABLED`, named
 * `python3.13t` and later), so that the Python profile can add a thread-pool run without
 * the GIL beside the runs under the selected interpreter.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join } from 'node:path';

/** Names CPython's installers give a free-threaded build; newest first. */
export const FREE_THREADED_NAMES = ['python3.16t', 'python3.15t', 'python3.14t', 'python3.13t', 'python3t'];

export interface FreeThreadedPython {
  executable: string;
  version: string;
}

function isExecutable(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Executables named like a free-threaded build in the selected interpreter's folder (a
 * venv or a pyenv install keeps its siblings there) and then on PATH, one per real file.
 */
export function freeThreadedCandidates(selected: string, pathEnv: string | undefined): string[] {
  const dirs: string[] = [];
  if (isAbsolute(selected)) dirs.push(dirname(selected));
  for (const d of (pathEnv ?? '').split(delimiter)) if (d && !dirs.includes(d)) dirs.push(d);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const name of FREE_THREADED_NAMES) {
    for (const d of dirs) {
      const p = join(d, name);
      if (!isExecutable(p)) continue;
      let real = p;
      try {
        real = realpathSync(p);
      } catch {
        /* keep the path as is */
      }
      if (seen.has(real)) continue;
      seen.add(real);
      out.push(p);
    }
  }
  return out;
}

// A build with Py_GIL_DISABLED can still run with the GIL (PYTHON_GIL=1, or an extension
// that does not declare support), so the running state is asked too.
const PROBE = 'import json, sys, sysconfig; print(json.dumps({"build": bool(sysconfig.get_config_var("Py_GIL_DISABLED")), "gil": getattr(sys, "_is_gil_enabled", lambda: True)(), "version": sys.version.split()[0]}))';

/** What the probe learns about one interpreter: a free-threaded build or not, and the GIL's state. */
export interface ProbedPython {
  executable: string;
  version: string;
  build: boolean;
  gil: boolean;
}

/** Runs the probe under an interpreter; null if it does not run or answers nonsense. */
export function probePython(executable: string, timeoutMs = 5000): Promise<ProbedPython | null> {
  return new Promise((resolve) => {
    execFile(executable, ['-c', PROBE], { timeout: timeoutMs, encoding: 'utf8' }, (err, stdout) => {
      if (err) return resolve(null);
      try {
        const line = stdout.trim().split('\n').pop() ?? '';
        const r = JSON.parse(line) as { build?: unknown; gil?: unknown; version?: unknown };
        resolve({ executable, version: String(r.version ?? ''), build: r.build === true, gil: r.gil !== false });
      } catch {
        resolve(null);
      }
    });
  });
}

/** Asks an interpreter whether it is a free-threaded build running without the GIL. */
export async function probeFreeThreaded(executable: string, timeoutMs = 5000): Promise<FreeThreadedPython | null> {
  const r = await probePython(executable, timeoutMs);
  return r && r.build && !r.gil ? { executable, version: r.version } : null;
}

/**
 * The first candidate that proves free-threaded when run, or null. Free-threaded builds
 * that run with the GIL on (PYTHON_GIL=1 in the environment) are added to `gilOn`, so
 * that the caller can say why none counted.
 */
export async function findFreeThreadedPython(selected: string, pathEnv = process.env.PATH, gilOn?: FreeThreadedPython[]): Promise<FreeThreadedPython | null> {
  for (const c of freeThreadedCandidates(selected, pathEnv)) {
    const r = await probePython(c);
    if (!r?.build) continue;
    if (!r.gil) return { executable: c, version: r.version };
    gilOn?.push({ executable: c, version: r.version });
  }
  return null;
}
