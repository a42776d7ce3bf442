/**
 * The name filter of the call graph (call-name-index.ts reachingNames): every
 * function that can reach a seed, found by following resolved calls up from the
 * seeds. Two functions may share a name; the callers of each must be read.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ts } from '../../server/src/lang/ts/compiler';
import { functionSeeds, reachingNames } from '../../server/src/lang/ts/call-name-index';
import { userFunctionOf } from '../../server/src/lang/ts/callee';

function programOf(files: Array<[string, string]>): ts.Program {
  const texts = new Map(files.map(([name, text]) => [`/virtual/${name}`, text]));
  const host = ts.createCompilerHost({});
  host.readFile = (f) => texts.get(f);
  host.fileExists = (f) => texts.has(f);
  host.directoryExists = (d) => d === '/virtual' || d === '/';
  host.realpath = (p) => p;
  host.getSourceFile = (f, target) => {
    const text = texts.get(f);
    return text === undefined ? undefined : ts.createSourceFile(f, text, target, true);
  };
  return ts.createProgram([...texts.keys()], { noLib: true, types: [], module: ts.ModuleKind.Preserve, moduleResolution: ts.ModuleResolutionKind.Bundler, noEmit: true }, host);
}

describe('reachingNames', () => {
  it('reads the callers of a second function that has a name already found', () => {
    // Seeds in file order: load (b.ts), then page (a.ts). page is read first and has
    // no caller of its own; b.ts's page, found later through load, is called by handler.
    const program = programOf([
      ['b.ts', 'declare function block(): void;\nfunction load() { block(); }\nexport function page() { load(); }\n'],
      ['a.ts', 'declare function block(): void;\nexport function page() { block(); }\n'],
      ['c.ts', "import { page } from './b';\nexport function handler() { page(); }\n"],
    ]);
    const checker = program.getTypeChecker();
    const seedNames = new Set(['load']);
    const isSeed = (fn: ts.Node) => {
      const file = fn.getSourceFile().fileName;
      const name = (fn as ts.FunctionDeclaration).name?.text;
      return name !== undefined && (seedNames.has(name) || file.endsWith('a.ts') && name === 'page');
    };
    const reach = reachingNames(program, {
      seeds: functionSeeds(isSeed),
      resolveUserFunction: (call) => {
        let symbol = checker.getSymbolAtLocation(call.expression);
        if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
        return userFunctionOf(symbol?.valueDeclaration);
      },
    });
    assert.ok(reach.names.has('handler'), [...reach.names].join(', '));
  });
});
