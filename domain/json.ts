/** Any JSON value: what jsonb columns such as the audit trail's before and after hold. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
