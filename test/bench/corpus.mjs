// Installs the pinned benchmark corpus from the npm registry into the git-ignored cache, once.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const PINNED = ['webpack@5.97.1', 'rxjs@7.8.1', '@typescript-eslint/parser@8.73.0'];

export function ensureCorpus(repoRoot) {
  const dir = join(repoRoot, '.cache', 'bench', 'corpus');
  const stamp = join(dir, `.installed-${PINNED.join('+').replace(/[@/]/g, '_')}`);
  if (!existsSync(stamp)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'loopwise-bench-corpus', private: true }));
    console.log(`installing the corpus (${PINNED.join(', ')}) into ${dir} …`);
    execFileSync('npm', ['install', '--no-fund', '--no-audit', '--ignore-scripts', '--no-save', ...PINNED], { cwd: dir, stdio: 'inherit' });
    writeFileSync(stamp, new Date().toISOString());
  }
  const modules = join(dir, 'node_modules');
  // Linters skip node_modules, so the sources are copied out of it.
  const copy = (from, to) => {
    if (!existsSync(to)) cpSync(from, to, { recursive: true });
    return to;
  };
  return {
    dir,
    modules,
    webpackLib: copy(join(modules, 'webpack', 'lib'), join(dir, 'src', 'webpack-lib')),
    rxjsSrc: copy(join(modules, 'rxjs', 'src'), join(dir, 'src', 'rxjs-src')),
  };
}
