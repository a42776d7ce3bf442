export function helper(text: string): number {
  return text.length;
}
