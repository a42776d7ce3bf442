/**
 * The Python backend: parses with tree-sitter (incrementally for open
 * documents), resolves imports between the workspace's own modules, and runs
 * every rule that has a `checkPython`.
 */
import { readdirSync } from 'node:fs';
import { readSourceText } from '../../core/regular-file';
import { AnalysisBudget, DEFAULT_BUDGET, type BudgetLimits } from '../../core/analysis-budget';
import { dirname, join, resolve } from 'node:path';
import type { Parser } from 'web-tree-sitter';
import type { AnalysisBackend, SuppressedAt } from '../../core/backend';
import type { LoopwiseSettings } from '../../protocol';
import type { Cancellation } from '../../core/cancellation';
import type { Finding } from '../../core/finding';
import { dispatchRules, type RuleFailure } from '../../core/dispatch';
import { ruleLevel } from '../../core/rule-meta';
import { PyCallGraph } from './call-graph';
import type { PyRule, PyRuleContext, PyWorkspaceScan } from './rule-context';
import { loadPythonParser } from './parser';
import { PyResolver } from './resolve';
import { PyWorkspace } from './workspace';

const PYTHON_FILE = /\.pyi?$/i;
const SKIPPED_DIRS = new Set(['.git', 'node_modules', '__pycache__', '.venv', 'venv', '.tox', '.nox', 'site-packages', '.mypy_cache', '.cache']);
const MAX_SCANNED_FILES = 20000;

export class PythonBackend implements AnalysisBackend {
  readonly name = 'python';
  private state: { workspace: PyWorkspace; resolver: PyResolver; graph: PyCallGraph } | undefined;
  private pendingTexts = new Map<string, string | undefined>();
  /** Files whose last analysis ran out of budget, with the note saying so. */
  private budgetNotes = new Map<string, string>();
  /** The per-file budget (see core/analysis-budget.ts); tests make it small. */
  budgetLimits: BudgetLimits = DEFAULT_BUDGET;
  private fileList: { at: number; roots: string; files: string[] } | undefined;
  /** The rules that failed in the last analysis of each file. */
  private failures = new Map<string, RuleFailure[]>();

  /**
   * `roots` are the workspace folders (import roots, and the extent of the
   * lock-order scan); `rules` are the rules to run.
   */
  constructor(private readonly roots: string[], readonly rules: readonly PyRule[]) {}

  handles(filePath: string): boolean {
    return PYTHON_FILE.test(filePath) && !/[\\/](?:site-packages|node_modules)[\\/]/.test(filePath);
  }

  setDocumentText(filePath: string, text: string | undefined): void {
    if (this.state) this.state.workspace.setEditorText(filePath, text);
    else this.pendingTexts.set(resolve(filePath), text);
  }

  reset(): void {
    this.state?.workspace.reset();
    this.fileList = undefined;
    this.failures.clear();
  }

  ruleFailures(filePath: string): readonly RuleFailure[] {
    return this.failures.get(resolve(filePath)) ?? [];
  }

  /** The workspace model, created once the parser is loaded (tests use it to inspect trees). */
  async workspace(): Promise<PyWorkspace> {
    return (await this.ready()).workspace;
  }

  private async ready(): Promise<NonNullable<PythonBackend['state']>> {
    if (!this.state) {
      const parser: Parser = await loadPythonParser();
      if (!this.state) {
        const workspace = new PyWorkspace(parser, this.roots.map((r) => resolve(r)));
        for (const [file, text] of this.pendingTexts) workspace.setEditorText(file, text);
        this.pendingTexts.clear();
        const resolver = new PyResolver(workspace);
        this.state = { workspace, resolver, graph: new PyCallGraph(resolver) };
      }
    }
    return this.state;
  }

  async analyzeFile(filePath: string, settings: LoopwiseSettings, token: Cancellation, suppressed?: SuppressedAt): Promise<Finding[]> {
    if (!settings.enable) return [];
    const { workspace, resolver, graph } = await this.ready();
    // The rules run synchronously from here, so no other analysis can see the snapshot.
    return workspace.withDiskSnapshot(() => this.runRules(filePath, settings, token, suppressed));
  }

  fileNote(filePath: string): string | undefined {
    const notes = [this.budgetNotes.get(resolve(filePath)), this.state?.workspace.syntaxNote(filePath)].filter((n) => n !== undefined);
    return notes.length > 0 ? notes.join('; ') : undefined;
  }

  private runRules(filePath: string, settings: LoopwiseSettings, token: Cancellation, suppressed: SuppressedAt | undefined): Finding[] {
    const { workspace, resolver, graph } = this.state!;
    const module = workspace.getModule(filePath);
    graph.sync(settings.blockingApis.extra);
    const findings: Finding[] = [];
    const seen = new Set<string>();
    const scan: PyWorkspaceScan = { filesMentioning: (words, near) => this.filesMentioning(words, near) };
    // Where a public function's parameters come from depends on its callers, in any file.
    graph.origins.useScan(scan);
    const path = resolve(filePath);
    this.budgetNotes.delete(path);
    const budget = new AnalysisBudget(token, module.text.length, this.budgetLimits);
    const python = this.rules.filter((rule) => rule.meta.languages.includes('python'));
    const active = python.filter((rule) => ruleLevel(rule, settings) !== 'off');
    const { failures, cancelled } = dispatchRules(python, settings, budget, (rule) => {
      // A rule that fails keeps none of its findings: half a rule's findings would read as all of them.
      const own: Finding[] = [];
      const ctx: PyRuleContext = {
        meta: rule.meta, module, resolver, graph, workspace, scan, settings, token: budget,
        isSuppressed: (offset) => suppressed?.(rule.meta.id, offset) ?? false,
        report: (f) => {
          const key = `${rule.meta.id}:${f.start}:${f.end}`;
          if (seen.has(key)) return;
          seen.add(key);
          own.push({ ...f, rule: rule.meta.id });
        },
      };
      rule.checkPython(ctx);
      findings.push(...own);
      if (budget.exhausted) {
        const i = active.indexOf(rule);
        this.budgetNotes.set(path, budget.note(rule.meta.id, active.slice(i + 1).map((r) => r.meta.id)));
      }
    });
    this.failures.set(path, failures);
    // Out of budget is not cancelled: the findings so far stand, with the note.
    if (cancelled && !budget.exhausted) return [];
    return findings.sort((a, b) => a.start - b.start || a.end - b.end);
  }

  /** Python files under the roots (or the analysed file's folder) whose text contains every word. */
  private filesMentioning(words: string[], near: string): string[] {
    const roots = this.roots.length > 0 ? this.roots.map((r) => resolve(r)) : [dirname(resolve(near))];
    const key = roots.join('\n');
    const now = Date.now();
    if (!this.fileList || this.fileList.roots !== key || now - this.fileList.at > 10_000) {
      const files: string[] = [];
      for (const root of roots) listPythonFiles(root, files);
      this.fileList = { at: now, roots: key, files };
    }
    const out: string[] = [];
    for (const file of this.fileList.files) {
      const text = readSourceText(file, 2 * 1024 * 1024);
      if (text === undefined) continue;
      if (words.every((w) => text.includes(w))) out.push(file);
    }
    return out;
  }
}

function listPythonFiles(dir: string, out: string[]): void {
  if (out.length >= MAX_SCANNED_FILES) return;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (out.length >= MAX_SCANNED_FILES) return;
    if (e.isDirectory()) {
      if (!SKIPPED_DIRS.has(e.name) && !e.name.startsWith('.')) listPythonFiles(join(dir, e.name), out);
    } else if (e.isFile() && PYTHON_FILE.test(e.name)) {
      out.push(join(dir, e.name));
    }
  }
}
