// Connection strings carry passwords (DATABASE_URL, an SMTP or proxy URL). Whatever prints a
// setting or an error (the config loader, the logger, the entry points' last words) passes its
// text through here, so a mistyped URL is named without its secret.

/**
 * `scheme://user:password@host` becomes `scheme://user:***@host`. The password runs to the last
 * `@` of the word, so an unescaped `@` or `/` in it does not leak its tail; `password=…` in a
 * keyword connection string is masked too.
 */
export function redactCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)([^\s:@/"']*):(\S*)@/gi, '$1$2:***@').replace(/(password\s*=\s*)('[^']*'|"[^"]*"|\S+)/gi, '$1***');
}

/**
 * The same for what a log line carries: strings in nested objects and arrays. Errors are left
 * whole for the logger's error serializer, whose output (message, stack, causes, extra fields
 * such as a URL error's `input`) is passed through here in turn (see main/logger.ts).
 */
export function redactDeep(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactCredentials(value);
  if (typeof value !== 'object' || value === null || value instanceof Error) return value;
  if (seen.has(value)) return value;
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, seen));
  if (value instanceof Date || ArrayBuffer.isView(value) || value instanceof Map || value instanceof Set) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, seen)]));
}
