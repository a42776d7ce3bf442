/**
 * Code named in a finding's one-line message: in single quotes, on one line, and cut
 * short, so that a long expression cannot push the message past what the Problems
 * panel shows (issue 15: messages aim at 100 characters and never pass 140).
 */
export function quoteCode(code: string, max = 40): string {
  const flat = code.replace(/\s*\n\s*/g, ' ');
  return `'${flat.length > max ? `${flat.slice(0, max - 1)}…` : flat}'`;
}
