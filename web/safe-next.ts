/** Where to go after signing in: only a page of ours (under /ui/), never another site or a control character. */
export function safeNext(value: unknown): string | undefined {
  const next = Array.isArray(value) ? value[0] : value;
  if (typeof next !== 'string' || next.length > 2000) return undefined;
  // A backslash would let a browser read `/ui/\..` differently from us; control characters have no place in a path.
  return next.startsWith('/ui/') && !next.includes('\\') && !/[\u0000-\u001f\u007f]/.test(next) ? next : undefined;
}
