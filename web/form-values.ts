/** What a form posts: urlencoded fields, a list where a control sends several values. */
export type TypedForm = Record<string, string | string[] | undefined>;

/** The first value a form sent under a name. */
export const first = (value: string | string[] | undefined): string | undefined => [value].flat()[0];

/** Every non-empty value a form sent under a name (a multiple select). */
export const all = (value: string | string[] | undefined): string[] => [value].flat().filter((v): v is string => Boolean(v));
