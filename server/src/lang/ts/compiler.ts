/**
 * The TypeScript compiler API that ts-morph ships, copied into a plain object
 * once. ts-morph hands it out as a namespace of getters (and the bundler wraps
 * that in another), so every `ts.isIdentifier` the rules call cost a chain of
 * getter calls; on a 2,000-line file that was a fifth of each edit's time.
 * Import `ts` from here, not from ts-morph.
 */
import { ts as api } from 'ts-morph';

export const ts = { ...api } as typeof api;

// The types the server uses, under the same name as the value. A type not listed
// here is a compile error: add it.
// eslint-disable-next-line @typescript-eslint/no-namespace
export declare namespace ts {
  export type ArrowFunction = api.ArrowFunction;
  export type TypeNode = api.TypeNode;
  export type Decorator = api.Decorator;
  export type AwaitExpression = api.AwaitExpression;
  export type BinaryExpression = api.BinaryExpression;
  export type BindingName = api.BindingName;
  export type CallExpression = api.CallExpression;
  export type ClassDeclaration = api.ClassDeclaration;
  export type ClassLikeDeclaration = api.ClassLikeDeclaration;
  export type CompilerHost = api.CompilerHost;
  export type CompilerOptions = api.CompilerOptions;
  export type ConstructorDeclaration = api.ConstructorDeclaration;
  export type Declaration = api.Declaration;
  export type Diagnostic = api.Diagnostic;
  export type DocumentRegistry = api.DocumentRegistry;
  export type ElementAccessExpression = api.ElementAccessExpression;
  export type ElementFlags = api.ElementFlags;
  export type Expression = api.Expression;
  export type Extension = api.Extension;
  export type ForInStatement = api.ForInStatement;
  export type ForOfStatement = api.ForOfStatement;
  export type ForStatement = api.ForStatement;
  export type FunctionDeclaration = api.FunctionDeclaration;
  export type FunctionExpression = api.FunctionExpression;
  export type FunctionLikeDeclaration = api.FunctionLikeDeclaration;
  export type GetAccessorDeclaration = api.GetAccessorDeclaration;
  export type IScriptSnapshot = api.IScriptSnapshot;
  export type Identifier = api.Identifier;
  export type IterationStatement = api.IterationStatement;
  export type JSDocParsingMode = api.JSDocParsingMode;
  export type JsxEmit = api.JsxEmit;
  export type LanguageService = api.LanguageService;
  export type LanguageServiceHost = api.LanguageServiceHost;
  export type LanguageVariant = api.LanguageVariant;
  export type MethodDeclaration = api.MethodDeclaration;
  export type ModifierFlags = api.ModifierFlags;
  export type ModuleKind = api.ModuleKind;
  export type ModuleResolutionCache = api.ModuleResolutionCache;
  export type ModuleResolutionHost = api.ModuleResolutionHost;
  export type ModuleResolutionKind = api.ModuleResolutionKind;
  export type NewExpression = api.NewExpression;
  export type Node = api.Node;
  export type NodeFlags = api.NodeFlags;
  export type NumericLiteral = api.NumericLiteral;
  export type ObjectFlags = api.ObjectFlags;
  export type ObjectType = api.ObjectType;
  export type ParameterDeclaration = api.ParameterDeclaration;
  export type ParseConfigFileHost = api.ParseConfigFileHost;
  export type PrivateIdentifier = api.PrivateIdentifier;
  export type Program = api.Program;
  export type PropertyAccessExpression = api.PropertyAccessExpression;
  export type ResolutionMode = api.ResolutionMode;
  export type ResolvedModuleWithFailedLookupLocations = api.ResolvedModuleWithFailedLookupLocations;
  export type ScriptKind = api.ScriptKind;
  export type ScriptTarget = api.ScriptTarget;
  export type SetAccessorDeclaration = api.SetAccessorDeclaration;
  export type SourceFile = api.SourceFile;
  export type Statement = api.Statement;
  export type StringLiteral = api.StringLiteral;
  export type Symbol = api.Symbol;
  export type SymbolFlags = api.SymbolFlags;
  export type SyntaxKind = api.SyntaxKind;
  export type TextChangeRange = api.TextChangeRange;
  export type TupleTypeReference = api.TupleTypeReference;
  export type Type = api.Type;
  export type TypeChecker = api.TypeChecker;
  export type TypeFlags = api.TypeFlags;
  export type VariableDeclaration = api.VariableDeclaration;
}
