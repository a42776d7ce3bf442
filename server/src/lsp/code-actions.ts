/** Quick fixes for the findings under a range, and `source.fixAll.loopwise`. */
import { CodeActionKind, type CodeAction, type Range, type TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fixAllEdits } from '../engine/fix-all';
import type { OffsetEdit } from '../core/finding';
import type { CachedAnalysis } from './diagnostics';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.loopwise`;

function toTextEdits(document: TextDocument, edits: OffsetEdit[]): TextEdit[] {
  return edits.map((e) => ({ range: { start: document.positionAt(e.start), end: document.positionAt(e.end) }, newText: e.newText }));
}

function overlaps(a: Range, b: Range): boolean {
  const before = (x: Range['start'], y: Range['start']) => x.line < y.line || (x.line === y.line && x.character <= y.character);
  return before(a.start, b.end) && before(b.start, a.end);
}

export function quickFixes(document: TextDocument, entry: CachedAnalysis, range: Range, only?: string[]): CodeAction[] {
  const wantsQuickFix = !only || only.some((k) => CodeActionKind.QuickFix.startsWith(k) || k.startsWith(CodeActionKind.QuickFix));
  const wantsFixAll = only?.some((k) => FIX_ALL_KIND.startsWith(k) && k !== '') ?? false;
  const actions: CodeAction[] = [];
  if (wantsQuickFix) {
    entry.analysis.findings.forEach((finding, index) => {
      const diagnostic = entry.diagnostics[index];
      if (!diagnostic || !overlaps(diagnostic.range, range)) return;
      for (const fix of finding.fixes ?? []) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fix.preferred,
          edit: { changes: { [document.uri]: toTextEdits(document, fix.edits) } },
        });
      }
    });
  }
  if (wantsFixAll) {
    const fixAll = fixAllAction(document, entry);
    if (fixAll) actions.push(fixAll);
  }
  return actions;
}

/** Every safe fix in the file, combined (see `fixAllEdits`). */
export function fixAllAction(document: TextDocument, entry: CachedAnalysis): CodeAction | undefined {
  const edits = fixAllEdits(entry.analysis.findings);
  if (edits.length === 0) return undefined;
  return {
    title: 'Fix all auto-fixable Loopwise problems',
    kind: FIX_ALL_KIND,
    edit: { changes: { [document.uri]: toTextEdits(document, edits) } },
  };
}
