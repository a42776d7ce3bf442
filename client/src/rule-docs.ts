/**
 * Rule documentation, rendered: the rule id in the Problems panel and in hovers links
 * to `loopwise.showRuleDocs`, which opens docs/rules/<rule>.md from the extension in
 * VS Code's read-only Markdown preview (not the raw file as an editable document).
 * The quick-fix menu offers "Show documentation for <rule>" and "Fix all Loopwise
 * problems in this file" beside the server's own fixes.
 */
import * as vscode from 'vscode';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('loopwise');
const RULE_ID = /^[a-z]+(?:-[a-z]+)*$/;

export function ruleOf(diagnostic: vscode.Diagnostic): string | undefined {
  if (diagnostic.source !== 'loopwise') return undefined;
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return typeof code === 'string' && RULE_ID.test(code) ? code : undefined;
}

/** A command link for a rule's docs, which the Problems panel and hovers open. */
export function ruleDocsLink(rule: string): vscode.Uri {
  return vscode.Uri.parse(`command:loopwise.showRuleDocs?${encodeURIComponent(JSON.stringify([rule]))}`);
}

/** Points each Loopwise diagnostic's code link at the rendered docs. */
export function linkRuleDocs(diagnostics: vscode.Diagnostic[]): vscode.Diagnostic[] {
  for (const d of diagnostics) {
    const rule = ruleOf(d);
    if (rule) d.code = { value: rule, target: ruleDocsLink(rule) };
  }
  return diagnostics;
}

export async function showRuleDocs(context: vscode.ExtensionContext, rule: unknown): Promise<boolean> {
  if (typeof rule !== 'string' || !RULE_ID.test(rule)) {
    void vscode.window.showErrorMessage(`Loopwise: no such rule: ${String(rule)}`);
    return false;
  }
  const uri = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', `${rule}.md`);
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    void vscode.window.showErrorMessage(`Loopwise: the documentation of ${rule} is missing from the extension (${uri.fsPath}).`);
    return false;
  }
  await vscode.commands.executeCommand('markdown.showPreview', uri);
  return true;
}

/** Applies the server's `source.fixAll.loopwise` to one file. */
export async function fixAllInFile(uri: unknown): Promise<boolean> {
  const target = uri instanceof vscode.Uri ? uri : typeof uri === 'string' ? vscode.Uri.parse(uri) : vscode.window.activeTextEditor?.document.uri;
  if (!target) return false;
  const document = await vscode.workspace.openTextDocument(target);
  const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
  const actions = await codeActionsOf(target, whole, FIX_ALL_KIND);
  const fixAll = actions.find((a) => a.kind && FIX_ALL_KIND.contains(a.kind) && a.edit);
  if (!fixAll?.edit) {
    void vscode.window.showInformationMessage('Loopwise: no problem in this file has a safe automatic fix.');
    return false;
  }
  return vscode.workspace.applyEdit(fixAll.edit);
}

/**
 * The code actions of `kind` for `range`. The workbench cancels a code-action request when a
 * newer one starts for the same document (the lightbulb asks again whenever the diagnostics
 * change), and the command then rejects with "Canceled"; that is not the user's problem, so
 * this asks again, a few times, before letting the error through.
 */
async function codeActionsOf(uri: vscode.Uri, range: vscode.Range, kind: vscode.CodeActionKind): Promise<vscode.CodeAction[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind.value)) ?? [];
    } catch (error) {
      const cancelled = error instanceof Error && (error.name === 'Canceled' || error.message === 'Canceled');
      if (!cancelled || attempt >= 4) throw error;
    }
  }
}

export class RuleActionsProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !context.only.contains(vscode.CodeActionKind.QuickFix)) return [];
    const actions: vscode.CodeAction[] = [];
    const seen = new Set<string>();
    const ours = context.diagnostics.filter((d) => ruleOf(d) !== undefined);
    for (const diagnostic of ours) {
      const rule = ruleOf(diagnostic)!;
      if (seen.has(rule)) continue;
      seen.add(rule);
      const docs = new vscode.CodeAction(`Show documentation for ${rule}`, vscode.CodeActionKind.QuickFix);
      docs.diagnostics = [diagnostic];
      docs.command = { title: docs.title, command: 'loopwise.showRuleDocs', arguments: [rule] };
      actions.push(docs);
    }
    if (ours.length > 0) {
      const all = new vscode.CodeAction('Fix all Loopwise problems in this file', vscode.CodeActionKind.QuickFix);
      all.diagnostics = ours;
      all.command = { title: all.title, command: 'loopwise.fixAllInFile', arguments: [document.uri] };
      actions.push(all);
    }
    return actions;
  }
}
