// Left alone: a typed readable the item holds, drained by a library function.
import type { Readable } from 'node:stream';

declare function toText(s: Readable): Promise<string>;
interface Part { name: string; body: Readable }

export async function partsOf(parts: Part[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const part of parts) {
    const body = part.body;
    out[part.name] = await toText(body);
  }
  return out;
}
