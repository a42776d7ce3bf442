/**
 * Resolves what a call calls, with the type checker first and the import or
 * require specifier as the fallback when a project has no `@types/node`.
 */
import { builtinModules } from 'node:module';
import { ts } from './compiler';
import { aliasTarget, callNaming, declaredName, identifiersIn, isFunctionLike, requiredModule, skipOuterExpressions, walk, type FunctionLike } from './ast';

const BUILTINS = new Set(builtinModules.map((m) => m.replace(/^node:/, '')));

export type CalleeTarget =
  /** An export of a Node.js core module (from `@types/node`, or traced to its specifier). */
  | { kind: 'module-export'; module: string; name: string; container?: string; builtin: boolean }
  | { kind: 'atomics-wait' }
  /** A function the user wrote, somewhere in the program. */
  | { kind: 'user'; declaration: FunctionLike; name: string }
  | { kind: 'unknown' };

const UNKNOWN: CalleeTarget = { kind: 'unknown' };

export function isNodeBuiltin(moduleName: string): boolean {
  return BUILTINS.has(moduleName.replace(/^node:/, ''));
}

/** `/node_modules/@types/node/fs.d.ts` → the ambient module the declaration sits in. */
function ambientModuleOf(decl: ts.Node): string | undefined {
  for (let current: ts.Node | undefined = decl.parent; current; current = current.parent) {
    if (ts.isModuleDeclaration(current) && ts.isStringLiteral(current.name)) return current.name.text.replace(/^node:/, '');
  }
  return undefined;
}

/** `node_modules/@types/express/index.d.ts` → `express`; `node_modules/@scope/pkg/x.d.ts` → `@scope/pkg`. */
export function packageOfFile(fileName: string): string | undefined {
  const index = fileName.lastIndexOf('/node_modules/');
  if (index < 0) return undefined;
  const parts = fileName.slice(index + '/node_modules/'.length).split('/');
  if (parts[0] === '@types') {
    const name = parts[1] ?? '';
    return name.includes('__') ? '@' + name.replace('__', '/') : name;
  }
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

const DECLARATION_TO_CODE: ReadonlyArray<[RegExp, string]> = [[/\.d\.ts$/, '.js'], [/\.d\.mts$/, '.mjs'], [/\.d\.cts$/, '.cjs']];

/**
 * The program's own function that a declaration of a sibling `.d.ts` describes: a
 * top-level function or `const`, or a member of a top-level class, by name, in the
 * JavaScript file of the same name that the program holds. Anything else is not followed.
 */
function implementationOf(program: ts.Program, decl: ts.Node): FunctionLike | undefined {
  const file = decl.getSourceFile();
  const pair = DECLARATION_TO_CODE.find(([re]) => re.test(file.fileName));
  const code = pair && program.getSourceFile(file.fileName.replace(pair[0], pair[1]));
  if (!code || code.isDeclarationFile) return undefined;
  const nameOf = (n: ts.Node): string | undefined => {
    const name = (n as { name?: ts.Node }).name;
    return name && (ts.isIdentifier(name) || ts.isStringLiteral(name)) ? name.text : undefined;
  };
  const member = nameOf(decl);
  if (!member) return undefined;
  const parent = decl.parent;
  if (ts.isClassDeclaration(parent) && parent.name) {
    const cls = code.statements.find((st): st is ts.ClassDeclaration => ts.isClassDeclaration(st) && st.name?.text === parent.name!.text);
    const found = cls?.members.filter((m) => nameOf(m) === member && (ts.isMethodDeclaration(m) || ts.isPropertyDeclaration(m)) &&
      ((ts.getCombinedModifierFlags(m) & ts.ModifierFlags.Static) !== 0) === ((ts.getCombinedModifierFlags(decl as ts.Declaration) & ts.ModifierFlags.Static) !== 0));
    return found?.length === 1 ? userFunctionOf(found[0]) : undefined;
  }
  if (ts.isFunctionDeclaration(decl) || ts.isVariableDeclaration(decl)) {
    for (const st of code.statements) {
      if (ts.isFunctionDeclaration(st) && st.name?.text === member) return userFunctionOf(st);
      if (ts.isVariableStatement(st)) {
        const v = st.declarationList.declarations.find((d) => ts.isIdentifier(d.name) && d.name.text === member);
        if (v) return userFunctionOf(v);
      }
    }
  }
  return undefined;
}

function containerName(decl: ts.Node): string | undefined {
  const parent = decl.parent;
  if (parent && (ts.isInterfaceDeclaration(parent) || ts.isClassDeclaration(parent)) && parent.name) return parent.name.text;
  if (parent && ts.isModuleBlock(parent) && ts.isIdentifier(parent.parent.name)) return parent.parent.name.text;
  return undefined;
}

export function userFunctionOf(decl: ts.Declaration | undefined): FunctionLike | undefined {
  if (!decl) return undefined;
  if (decl.getSourceFile().isDeclarationFile) return undefined;
  if (ts.isFunctionDeclaration(decl) || ts.isMethodDeclaration(decl)) return decl.body ? decl : undefined;
  if ((ts.isVariableDeclaration(decl) || ts.isPropertyAssignment(decl) || ts.isPropertyDeclaration(decl)) && decl.initializer) {
    const init = skipOuterExpressions(decl.initializer);
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
  }
  return undefined;
}

/** An import from a module the program cannot resolve aliases to the `unknown` symbol, which has no declarations. */
function declaredAliasTarget(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol | undefined {
  if (!(symbol.flags & ts.SymbolFlags.Alias)) return symbol;
  const target = aliasTarget(checker, symbol);
  return target?.declarations && target.declarations.length > 0 ? target : undefined;
}

/** Module specifier and export name that an import, export or require declaration binds. */
function bindingOrigin(decl: ts.Node): { module: string; name: string | undefined } | undefined {
  if (ts.isImportSpecifier(decl) || ts.isExportSpecifier(decl)) {
    const name = (decl.propertyName ?? decl.name).text;
    const owner = ts.isImportSpecifier(decl) ? decl.parent.parent.parent : decl.parent.parent;
    const spec = owner.moduleSpecifier;
    return spec && ts.isStringLiteral(spec) ? { module: spec.text, name } : undefined;
  }
  if (ts.isNamespaceImport(decl) || ts.isImportClause(decl)) {
    const importDecl = ts.isNamespaceImport(decl) ? decl.parent.parent : decl.parent;
    const spec = importDecl.moduleSpecifier;
    return ts.isStringLiteral(spec) ? { module: spec.text, name: undefined } : undefined;
  }
  if (ts.isImportEqualsDeclaration(decl) && ts.isExternalModuleReference(decl.moduleReference)) {
    const spec = decl.moduleReference.expression;
    return ts.isStringLiteral(spec) ? { module: spec.text, name: undefined } : undefined;
  }
  if (ts.isBindingElement(decl)) {
    // const { readFileSync: slurp } = require('fs')
    const pattern = decl.parent;
    if (ts.isObjectBindingPattern(pattern) && ts.isVariableDeclaration(pattern.parent) && pattern.parent.initializer) {
      const base = expressionOrigin(pattern.parent.initializer);
      const key = decl.propertyName ?? decl.name;
      if (base && base.name === undefined && ts.isIdentifier(key)) return { module: base.module, name: key.text };
    }
    return undefined;
  }
  if (ts.isVariableDeclaration(decl) && decl.initializer && ts.isIdentifier(decl.name)) {
    return expressionOrigin(decl.initializer);
  }
  return undefined;
}

/** `require('fs')` → fs; `require('fs').promises` → fs#promises. Syntax only. */
function expressionOrigin(expr: ts.Expression): { module: string; name: string | undefined } | undefined {
  const node = skipOuterExpressions(expr);
  const required = requiredModule(node);
  if (required) return { module: required, name: undefined };
  if (ts.isPropertyAccessExpression(node)) {
    const base = expressionOrigin(node.expression);
    if (base && base.name === undefined) return { module: base.module, name: node.name.text };
  }
  return undefined;
}

/** Follows an identifier back to the import/require that bound it, step by step through re-exports. */
function traceIdentifierOrigin(checker: ts.TypeChecker, id: ts.Identifier): { module: string; name: string | undefined } | undefined {
  let symbol = checker.getSymbolAtLocation(id);
  for (let hops = 0; symbol && hops < 10; hops++) {
    const decl = symbol.declarations?.[0];
    if (!decl) return undefined;
    const origin = bindingOrigin(decl);
    if (!origin) return undefined;
    if (isNodeBuiltin(origin.module) || !origin.module.startsWith('.')) return origin;
    // A relative module: follow the re-export one hop further.
    const next = symbol.flags & ts.SymbolFlags.Alias ? checker.getImmediateAliasedSymbol(symbol) : undefined;
    if (!next || next === symbol) return origin;
    symbol = next;
  }
  return undefined;
}

/** The syntactic fallback: `fs.readFileSync` where `fs` came from `require('fs')` or an import. */
function traceCalleeOrigin(checker: ts.TypeChecker, callee: ts.Expression): { module: string; name: string | undefined } | undefined {
  const node = skipOuterExpressions(callee);
  if (ts.isIdentifier(node)) return traceIdentifierOrigin(checker, node);
  if (ts.isPropertyAccessExpression(node)) {
    const direct = expressionOrigin(node);
    if (direct) return direct;
    const object = skipOuterExpressions(node.expression);
    const base = ts.isIdentifier(object) ? traceIdentifierOrigin(checker, object) : undefined;
    if (base && base.name === undefined) return { module: base.module, name: node.name.text };
    // `fs.promises.readFile`: one level deeper.
    if (base && ts.isPropertyAccessExpression(object)) return undefined;
  }
  return undefined;
}

export function resolveCallee(checker: ts.TypeChecker, program: ts.Program, call: ts.CallExpression | ts.NewExpression): CalleeTarget {
  return resolveCalleeExpression(checker, program, call.expression, 0);
}

const FUNCTION_METHODS_CALL = new Set(['call', 'apply']);

/**
 * `f.call(o, …)`, `f.apply(o, args)`, `f.bind(o)(…)`: the function these run is `f`.
 * Only when the checker says `call`/`apply`/`bind` are the standard library's
 * Function methods (a user's own `rpc.call()` is a call of that method).
 */
function throughFunctionMethod(checker: ts.TypeChecker, program: ts.Program, expr: ts.Expression, names: ReadonlySet<string>): ts.Expression | undefined {
  const node = skipOuterExpressions(expr);
  if (!ts.isPropertyAccessExpression(node) || !names.has(node.name.text)) return undefined;
  const decl = checker.getSymbolAtLocation(node.name)?.declarations?.[0];
  const file = decl?.getSourceFile();
  if (!file || !program.isSourceFileDefaultLibrary(file)) return undefined;
  const container = containerName(decl!);
  return container === 'CallableFunction' || container === 'Function' || container === 'NewableFunction' ? node.expression : undefined;
}

/** `const read = fs.readFileSync.bind(fs)`: the bound function, if a declaration's value is one. */
function boundFunction(checker: ts.TypeChecker, program: ts.Program, decl: ts.Node): ts.Expression | undefined {
  if (!ts.isVariableDeclaration(decl) || !decl.initializer) return undefined;
  const init = skipOuterExpressions(decl.initializer);
  return ts.isCallExpression(init) ? throughFunctionMethod(checker, program, init.expression, BIND_ONLY) : undefined;
}

const BIND_ONLY = new Set(['bind']);

/** `this.handle.bind(this)` handed over as a callback: the function it runs is `this.handle`. */
export function unbound(checker: ts.TypeChecker, program: ts.Program, expr: ts.Expression): ts.Expression {
  const node = skipOuterExpressions(expr);
  if (!ts.isCallExpression(node)) return node;
  return throughFunctionMethod(checker, program, node.expression, BIND_ONLY) ?? node;
}

function resolveCalleeExpression(checker: ts.TypeChecker, program: ts.Program, expression: ts.Expression, depth: number): CalleeTarget {
  const callee = skipOuterExpressions(expression);
  if (depth < 3) {
    // f.bind(o)(…)
    if (ts.isCallExpression(callee)) {
      const bound = throughFunctionMethod(checker, program, callee.expression, BIND_ONLY);
      return bound ? resolveCalleeExpression(checker, program, bound, depth + 1) : UNKNOWN;
    }
    const through = throughFunctionMethod(checker, program, callee, FUNCTION_METHODS_CALL);
    if (through) return resolveCalleeExpression(checker, program, through, depth + 1);
  }
  const nameNode = ts.isIdentifier(callee) ? callee : ts.isPropertyAccessExpression(callee) ? callee.name : undefined;
  if (!nameNode || ts.isPrivateIdentifier(nameNode)) return UNKNOWN;

  let symbol: ts.Symbol | undefined = checker.getSymbolAtLocation(nameNode);
  if (!symbol && ts.isPropertyAccessExpression(callee)) {
    symbol = instanceMemberOfClassValue(checker, callee) ?? memberThroughUntypedParameter(checker, program, callee) ?? memberThroughConstructedField(checker, callee);
  }
  const resolved = symbol ? declaredAliasTarget(checker, symbol) : undefined;
  const decl = resolved?.valueDeclaration ?? resolved?.declarations?.[0];
  if (resolved && decl) {
    const file = decl.getSourceFile();
    if (file.isDeclarationFile) {
      const name = resolved.name;
      if (program.isSourceFileDefaultLibrary(file)) {
        return name === 'wait' && containerName(decl) === 'Atomics' ? { kind: 'atomics-wait' } : UNKNOWN;
      }
      const ambient = ambientModuleOf(decl);
      if (ambient) return { kind: 'module-export', module: ambient, name, container: containerName(decl), builtin: isNodeBuiltin(ambient) && file.fileName.includes('/@types/node/') };
      const pkg = packageOfFile(file.fileName);
      if (pkg) return { kind: 'module-export', module: pkg, name, container: containerName(decl), builtin: false };
      // Compiled TypeScript shipped with its declarations (`server.d.ts` beside `server.js`): the
      // checker reads an import of './server.js' from the .d.ts; the code that runs is the .js.
      const implementation = implementationOf(program, decl);
      if (implementation) return { kind: 'user', declaration: implementation, name };
      return UNKNOWN;
    }
    const user = userFunctionOf(decl);
    if (user) return { kind: 'user', declaration: user, name: resolved.name };
    const bound = depth < 3 ? boundFunction(checker, program, decl) : undefined;
    if (bound) return resolveCalleeExpression(checker, program, bound, depth + 1);
    // A binding whose type the checker could not see through (`require` without @types/node).
    if (!ts.isBindingElement(decl) && !ts.isVariableDeclaration(decl) && !(resolved.flags & ts.SymbolFlags.Alias)) return UNKNOWN;
  }
  const origin = traceCalleeOrigin(checker, callee);
  if (origin && origin.name) {
    return { kind: 'module-export', module: origin.module.replace(/^node:/, ''), name: origin.name, builtin: isNodeBuiltin(origin.module) };
  }
  return UNKNOWN;
}

/**
 * `engine.run()` in JavaScript where JSDoc gives `engine` the type `{Engine}`, and
 * `Engine` is a class the file holds only as a value (`const { Engine } =
 * require(…)`). TypeScript cannot use a value as a type: it reads `any` (a
 * typedef's `@property`) or the class itself, `typeof Engine` (a `@param`), on
 * which `run` does not exist. The author meant an instance of the class.
 */
function instanceMemberOfClassValue(checker: ts.TypeChecker, access: ts.PropertyAccessExpression): ts.Symbol | undefined {
  if (ts.isPrivateIdentifier(access.name) || !isJavaScriptFile(access.getSourceFile())) return undefined;
  const receiver = skipOuterExpressions(access.expression);
  const receiverType = checker.getTypeAtLocation(receiver);
  const isAny = (receiverType.flags & ts.TypeFlags.Any) !== 0;
  if (!isAny && (receiverType.getProperty(access.name.text) || receiverType.getConstructSignatures().length === 0)) return undefined;
  const typeNode = declaredJsDocType(checker, receiver);
  if (!typeNode || !ts.isTypeReferenceNode(typeNode) || !ts.isIdentifier(typeNode.typeName)) return undefined;
  let classType: ts.Type | undefined = receiverType;
  if (isAny) {
    const binding = topLevelBinding(typeNode.getSourceFile(), typeNode.typeName.text);
    const value = binding && checker.getSymbolAtLocation(binding);
    classType = value && checker.getTypeOfSymbolAtLocation(value, typeNode);
  }
  const constructs = classType?.getConstructSignatures() ?? [];
  if (constructs.length === 0) return undefined;
  return checker.getReturnTypeOfSignature(constructs[0]).getProperty(access.name.text);
}

/**
 * `this.manager.start()` in JavaScript where the class declares the field without a
 * value or a type (`manager;`, as TypeScript emits class fields) and assigns it only
 * `this.manager = new Manager(…)`: the declaration makes the field `any` to the checker,
 * although every value it is given is a `Manager`. Followed only when every assignment
 * to the field in the class is a construction of the same class.
 */
function memberThroughConstructedField(checker: ts.TypeChecker, access: ts.PropertyAccessExpression): ts.Symbol | undefined {
  if (ts.isPrivateIdentifier(access.name) || !isJavaScriptFile(access.getSourceFile())) return undefined;
  const field = skipOuterExpressions(access.expression);
  if (!ts.isPropertyAccessExpression(field) || ts.isPrivateIdentifier(field.name) || skipOuterExpressions(field.expression).kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  if ((checker.getTypeAtLocation(field).flags & ts.TypeFlags.Any) === 0) return undefined;
  let cls: ts.Node | undefined = field.parent;
  while (cls && !ts.isClassLike(cls)) cls = cls.parent;
  if (!cls || !ts.isClassLike(cls)) return undefined;
  const name = field.name.text;
  const declared = cls.members.find((m) => ts.isPropertyDeclaration(m) && ts.isIdentifier(m.name) && m.name.text === name);
  if (!declared || !ts.isPropertyDeclaration(declared) || declared.initializer || declared.type || ts.getJSDocType(declared)) return undefined;
  let constructed: ts.Symbol | undefined;
  let other = false;
  const visit = (node: ts.Node): void => {
    if (other) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left) &&
        !ts.isPrivateIdentifier(node.left.name) && node.left.name.text === name && skipOuterExpressions(node.left.expression).kind === ts.SyntaxKind.ThisKeyword) {
      const value = skipOuterExpressions(node.right);
      const made = ts.isNewExpression(value) ? checker.getTypeAtLocation(value).getSymbol() : undefined;
      if (!made || (constructed && constructed !== made)) other = true;
      else constructed = made;
    }
    node.forEachChild(visit);
  };
  cls.members.forEach(visit);
  if (other || !constructed) return undefined;
  const instance = checker.getDeclaredTypeOfSymbol(constructed);
  return instance.getProperty(access.name.text);
}

/** The JSDoc type written for what an expression names: `@type`, `@param`, or a typedef's `@property`. */
function declaredJsDocType(checker: ts.TypeChecker, expr: ts.Expression): ts.Node | undefined {
  let symbol: ts.Symbol | undefined;
  if (ts.isIdentifier(expr)) {
    symbol = checker.getSymbolAtLocation(expr);
    const decl = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    // `const { engine } = members.get(this)`: the property of the initializer's type.
    if (decl && ts.isBindingElement(decl) && ts.isObjectBindingPattern(decl.parent) && ts.isVariableDeclaration(decl.parent.parent) &&
        decl.parent.parent.initializer) {
      const key = decl.propertyName ?? decl.name;
      if (!ts.isIdentifier(key)) return undefined;
      symbol = checker.getTypeAtLocation(decl.parent.parent.initializer).getNonNullableType().getProperty(key.text);
    }
  } else if (ts.isPropertyAccessExpression(expr)) {
    symbol = checker.getSymbolAtLocation(expr.name);
  }
  for (const decl of symbol?.declarations ?? []) {
    if (ts.isJSDocPropertyLikeTag(decl)) return decl.typeExpression?.type;
    const type = ts.getJSDocType(decl);
    if (type) return type;
  }
  return undefined;
}

/** The name node a module's top level binds `name` with: a class, a `const`, a destructured `require`, an import. */
function topLevelBinding(sourceFile: ts.SourceFile, name: string): ts.Identifier | undefined {
  const fromBindingName = (binding: ts.BindingName): ts.Identifier | undefined => {
    if (ts.isIdentifier(binding)) return binding.text === name ? binding : undefined;
    for (const element of binding.elements) {
      const found = ts.isBindingElement(element) ? fromBindingName(element.name) : undefined;
      if (found) return found;
    }
    return undefined;
  };
  for (const statement of sourceFile.statements) {
    if ((ts.isClassDeclaration(statement) || ts.isFunctionDeclaration(statement)) && statement.name?.text === name) return statement.name;
    if (ts.isVariableStatement(statement)) {
      for (const decl of statement.declarationList.declarations) {
        const found = fromBindingName(decl.name);
        if (found) return found;
      }
    }
    if (ts.isImportDeclaration(statement) && statement.importClause) {
      const clause = statement.importClause;
      if (clause.name?.text === name) return clause.name;
      const named = clause.namedBindings;
      if (named && ts.isNamedImports(named)) {
        const specifier = named.elements.find((e) => e.name.text === name);
        if (specifier) return specifier.name;
      }
    }
  }
  return undefined;
}

/** Call sites looked at per function, and untyped parameters followed back through callers. */
const MAX_CALL_SITES = 4;
const MAX_PARAMETER_HOPS = 2;

/** Per checker (a new program has new types), per parameter: the argument types its callers pass, or null. */
const argumentTypesMemo = new WeakMap<ts.TypeChecker, Map<ts.ParameterDeclaration, readonly ts.Type[] | null>>();

/**
 * `app.generateOutputs(project)` in JavaScript where `app` is a parameter with no
 * declared type (no annotation, no JSDoc), so the checker reads `any`: when every
 * call of the parameter's function in the program passes an argument whose type
 * the checker knows (`run(await Application.bootstrap())`), the member is looked up
 * on those types. Data flow from the call sites, not names: it resolves only when
 * all of them give the same declaration, the parameter is never reassigned, and
 * the function is used only by being called (handed on, anyone may call it with
 * anything). An argument that is itself such a parameter is followed one caller
 * further.
 */
function memberThroughUntypedParameter(checker: ts.TypeChecker, program: ts.Program, access: ts.PropertyAccessExpression): ts.Symbol | undefined {
  if (ts.isPrivateIdentifier(access.name) || !isJavaScriptFile(access.getSourceFile())) return undefined;
  const param = untypedParameterOf(checker, skipOuterExpressions(access.expression));
  if (!param) return undefined;
  const types = argumentTypesOf(checker, program, param, MAX_PARAMETER_HOPS);
  if (!types) return undefined;
  let found: ts.Symbol | undefined;
  let declaration: ts.Declaration | undefined;
  for (const type of types) {
    const member = type.getNonNullableType().getProperty(access.name.text);
    const decls = member?.declarations ?? [];
    if (!member || decls.length !== 1 || (declaration && decls[0] !== declaration)) return undefined;
    found = member;
    declaration = decls[0];
  }
  return found;
}

/** The parameter an identifier names, when the parameter has no declared type and the checker reads `any`. */
function untypedParameterOf(checker: ts.TypeChecker, expr: ts.Expression): ts.ParameterDeclaration | undefined {
  if (!ts.isIdentifier(expr)) return undefined;
  const symbol = checker.getSymbolAtLocation(expr);
  const decl = symbol?.valueDeclaration;
  if (!symbol || !decl || !ts.isParameter(decl) || !ts.isIdentifier(decl.name) || decl.type || decl.initializer || decl.dotDotDotToken) return undefined;
  if (!isJavaScriptFile(decl.getSourceFile()) || ts.getJSDocType(decl)) return undefined;
  if (!(checker.getTypeAtLocation(expr).flags & ts.TypeFlags.Any)) return undefined;
  const fn = decl.parent;
  if (!isFunctionLike(fn) || isReassigned(checker, fn, symbol)) return undefined;
  return decl;
}

/** `param = …`, `param ??= …`, `param++` anywhere in the function (closures included). */
function isReassigned(checker: ts.TypeChecker, fn: ts.Node, symbol: ts.Symbol): boolean {
  let found = false;
  const names = (target: ts.Expression) => ts.isIdentifier(target) && checker.getSymbolAtLocation(target) === symbol;
  walk(fn, (node) => {
    if (found) return false;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment &&
        (names(node.left) || ts.isObjectLiteralExpression(node.left) || ts.isArrayLiteralExpression(node.left))) found = true;
    else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && names(node.operand)) found = true;
    return !found;
  });
  return found;
}

/** The types of what every call of the parameter's function passes for it; undefined if any is unknown. */
function argumentTypesOf(checker: ts.TypeChecker, program: ts.Program, param: ts.ParameterDeclaration, hops: number): readonly ts.Type[] | undefined {
  let memo = argumentTypesMemo.get(checker);
  if (!memo) argumentTypesMemo.set(checker, (memo = new Map()));
  if (memo.has(param)) return memo.get(param) ?? undefined;
  // A cycle (the argument is a parameter being followed) resolves nothing.
  memo.set(param, null);
  const types = computeArgumentTypes(checker, program, param, hops);
  memo.set(param, types ?? null);
  return types;
}

function computeArgumentTypes(checker: ts.TypeChecker, program: ts.Program, param: ts.ParameterDeclaration, hops: number): readonly ts.Type[] | undefined {
  const fn = param.parent as FunctionLike;
  const index = fn.parameters.indexOf(param);
  const calls = callSitesOf(checker, program, fn);
  if (!calls) return undefined;
  const types: ts.Type[] = [];
  for (const call of calls) {
    const args = call.arguments ?? [];
    if (args.slice(0, index + 1).some(ts.isSpreadElement) || index >= args.length) return undefined;
    const arg = skipOuterExpressions(args[index]);
    const type = checker.getTypeAtLocation(arg);
    if (!(type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown))) {
      types.push(type);
      continue;
    }
    const further = hops > 1 ? untypedParameterOf(checker, arg) : undefined;
    const passed = further && argumentTypesOf(checker, program, further, hops - 1);
    if (!passed) return undefined;
    types.push(...passed);
  }
  return types;
}

/**
 * Every call of a function in the program (`run(app)`, `this.run(app)`, an
 * imported `run(app)`), at most MAX_CALL_SITES; undefined when there is none, more,
 * or the function is also used as a value (stored, passed on, returned).
 */
function callSitesOf(checker: ts.TypeChecker, program: ts.Program, fn: FunctionLike): Array<ts.CallExpression | ts.NewExpression> | undefined {
  const nameNode = declaredName(fn);
  const own = nameNode && checker.getSymbolAtLocation(nameNode);
  if (!nameNode || !own) return undefined;
  const isMethod = !ts.isFunctionDeclaration(fn) && !ts.isVariableDeclaration(fn.parent);
  const calls: Array<ts.CallExpression | ts.NewExpression> = [];
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile) continue;
    for (const id of identifiersIn(file).get(nameNode.text) ?? []) {
      if (id === nameNode) continue;
      const parent = id.parent;
      if (ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent) || ts.isImportClause(parent) || ts.isNamespaceImport(parent) || isModuleExport(id)) continue;
      let used = checker.getSymbolAtLocation(id);
      if (ts.isBindingElement(parent)) {
        // `const { run } = require('./cli')` binds an alias (its calls are found by it); another destructuring takes the value.
        if (used && used.flags & ts.SymbolFlags.Alias) continue;
        return undefined;
      }
      if (used) {
        used = aliasTarget(checker, used);
        if (!used) return undefined;
      }
      if (!used) {
        // `x.run(…)` on a receiver the checker does not know may be this method, with anything.
        if (isMethod && ts.isPropertyAccessExpression(parent) && parent.name === id) return undefined;
        continue;
      }
      // `module.exports = { run }` seen from an importer: the property stands for the function.
      const valueDecl = used.valueDeclaration;
      if (valueDecl && ts.isShorthandPropertyAssignment(valueDecl)) used = checker.getShorthandAssignmentValueSymbol(valueDecl) ?? used;
      else if (valueDecl && ts.isPropertyAssignment(valueDecl) && ts.isIdentifier(valueDecl.initializer)) used = checker.getSymbolAtLocation(valueDecl.initializer) ?? used;
      // A method read through an instance's type, or an export read through require(), is a
      // symbol of its own: the same function by its declaration, or by the value's type.
      const same = (s: ts.Symbol | undefined) => s !== undefined && (s === own || own.valueDeclaration !== undefined && s.valueDeclaration === own.valueDeclaration);
      if (!same(used) && !same(checker.getTypeAtLocation(id).getSymbol())) continue;
      const call = callNaming(id);
      if (!call) return undefined;
      calls.push(call);
      if (calls.length > MAX_CALL_SITES) return undefined;
    }
  }
  return calls.length > 0 ? calls : undefined;
}

/** `module.exports = { run }`, `exports.run = run`, `module.exports.run = run`: exports it, calls nothing. */
function isModuleExport(id: ts.Identifier): boolean {
  const isExportsTarget = (e: ts.Expression): boolean => {
    const t = skipOuterExpressions(e);
    if (ts.isIdentifier(t)) return t.text === 'exports';
    return ts.isPropertyAccessExpression(t) && (t.name.text === 'exports' && ts.isIdentifier(t.expression) && t.expression.text === 'module' || isExportsTarget(t.expression));
  };
  const assigned = (node: ts.Node): boolean => {
    const parent = node.parent;
    return ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === node && isExportsTarget(parent.left);
  };
  const parent = id.parent;
  if (ts.isShorthandPropertyAssignment(parent) || ts.isPropertyAssignment(parent) && parent.initializer === id) return assigned(parent.parent);
  return assigned(id);
}

function isJavaScriptFile(sourceFile: ts.SourceFile): boolean {
  return /\.[cm]?jsx?$/.test(sourceFile.fileName);
}

/**
 * The package an expression's value comes from, for recognising framework
 * objects (`express()`, `new Koa()`) when their types are not installed.
 */
export function originPackageOf(checker: ts.TypeChecker, expr: ts.Expression, depth = 0): string | undefined {
  if (depth > 6) return undefined;
  const node = skipOuterExpressions(expr);
  const required = requiredModule(node);
  if (required) return required;
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) return originPackageOf(checker, node.expression, depth + 1);
  if (ts.isPropertyAccessExpression(node)) return originPackageOf(checker, node.expression, depth + 1);
  if (ts.isIdentifier(node)) {
    const symbol = checker.getSymbolAtLocation(node);
    const decl = symbol?.declarations?.[0];
    if (!decl) return undefined;
    const origin = bindingOrigin(decl);
    if (origin) return origin.module;
    if (ts.isVariableDeclaration(decl) && decl.initializer) return originPackageOf(checker, decl.initializer, depth + 1);
  }
  return undefined;
}
