/**
 * What makes one email unique (SPEC: "exactly once per (item, step, kind, due date)").
 * Pure, so workflow code may build it too.
 *
 * @example notificationKey({ item: 'case:42', step: 'containment', kind: 'reminder', dueDate: '2027-03-01', detail: '5' })
 */
export function notificationKey(parts: { item: string; step: string; kind: string; dueDate: string; detail?: string }): string {
  return [parts.item, parts.step, parts.kind, parts.dueDate, parts.detail ?? ''].join('|');
}
