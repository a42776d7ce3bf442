/**
 * Types of receivers the resolver cannot read off a constructor call: what an
 * annotation names once `Optional[...]`, `X | None` and a generic's parameters are
 * taken off (`client: httpx.Client | None`, `f: IO[str]`), an attribute of known
 * type (`path.parent`, `client.mydb.users`), an item (`client["mydb"]`) and a path
 * joined with `/`. The tables are in apis.ts.
 */
import { attributeType, DIVISION_TYPES, ITEM_TYPES } from './apis';
import type { PyModule } from './model';
import { child, type PyNode, unparen } from './syntax';

/**
 * What this file needs of the resolver, written out so that resolve.ts can call it
 * without an import cycle: resolve.ts's `Sym` and `PyResolver` fit these shapes.
 */
interface SymLike {
  kind: string;
  qname?: string;
  type?: unknown;
}
interface Resolver {
  resolve(node: PyNode, module: PyModule, depth?: number): SymLike;
}
/** An instance of an external type, as resolve.ts's `Sym` writes it. */
type Instance = { kind: 'instance'; type: { external: string } };

/**
 * The nodes naming the types an annotation allows: one for `Client`, `Optional[Client]`
 * and `Client | None`, each of `A | B` and `Union[A, B]` (`None` taken off), the
 * base of a generic (`IO[str]`).
 */
export function annotatedTypeNodes(annotation: PyNode, module: PyModule, resolver: Resolver): PyNode[] {
  const n = unparen(annotation.type === 'type' ? annotation.children[0] ?? annotation : annotation);
  if (n.type === 'none') return [];
  if (n.type === 'binary_operator' && n.ops?.[0] === '|') return n.children.flatMap((c) => annotatedTypeNodes(c, module, resolver));
  if (n.type === 'generic_type' || n.type === 'subscript') {
    const base = n.type === 'generic_type' ? n.children[0] : child(n, 'value');
    if (!base) return [];
    const params = n.type === 'generic_type'
      ? (n.children.find((c) => c.type === 'type_parameter')?.children ?? [])
      : n.children.filter((c) => c.field === 'subscript');
    const name = baseName(base, module, resolver);
    if (name === 'typing.Optional' || name === 'typing.Union') return params.flatMap((p) => annotatedTypeNodes(p, module, resolver));
    return [base];
  }
  return [n];
}

function baseName(base: PyNode, module: PyModule, resolver: Resolver): string | undefined {
  const s = resolver.resolve(base, module);
  return s.kind === 'external' ? s.qname : undefined;
}

/** `obj.attr` read as a value, where `obj` is a method-sym of an external type (`path.parent`). */
export function attributeSym(type: string, attr: string): Instance | undefined {
  const t = attributeType(type, attr);
  return t ? { kind: 'instance', type: { external: t } } : undefined;
}

/** `value[key]` and `value / other` on an instance of an external type. */
export function operatorSym(node: PyNode, module: PyModule, resolver: Resolver, depth: number): Instance | undefined {
  const operand = node.type === 'subscript' ? child(node, 'value') : node.type === 'binary_operator' && node.ops?.[0] === '/' ? child(node, 'left') : undefined;
  if (!operand) return undefined;
  const s = resolver.resolve(operand, module, depth + 1);
  const t = s.kind === 'instance' ? (s.type as { external?: string }) : undefined;
  const type = t?.external;
  if (!type) return undefined;
  const made = node.type === 'subscript' ? ITEM_TYPES[type] : DIVISION_TYPES.has(type) ? type : undefined;
  return made ? { kind: 'instance', type: { external: made } } : undefined;
}
