import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../api/openapi';
import { allRoutes } from '../../api/routes';
import { DATE_MAX, DATE_MIN, calendarDate, clauseOrControlRef, controlRef, email, instant, line, optionalParagraph, paragraph } from '../../api/schemas/fields';

// The field types every request schema is built from: what each refuses, and why.

const reasons = (schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { message: string }[] } } }, value: unknown) =>
  schema.safeParse(value).error?.issues.map((i) => i.message) ?? [];

describe('text fields', () => {
  it.each([
    ['NUL', 'a\u0000b'],
    ['BEL', 'a\u0007b'],
    ['ESC', 'a\u001bb'],
    ['DEL', 'a\u007fb'],
    ['NEL (C1)', 'a\u0085b'],
    ['a line break', 'a\nb'],
    ['a tab', 'a\tb'],
  ])('single-line text refuses %s, naming the reason', (_name, value) => {
    expect(reasons(line(100), value)).toEqual(['must not contain control characters']);
  });

  it('multi-line text takes line breaks and tabs but no other control character', () => {
    expect(paragraph(100).parse(' first\r\nsecond\tcolumn\n')).toBe('first\r\nsecond\tcolumn');
    expect(reasons(paragraph(100), 'a\u0000b')).toEqual(['must not contain control characters other than line breaks and tabs']);
    expect(reasons(optionalParagraph(100), 'a\u000bb')).toEqual(['must not contain control characters other than line breaks and tabs']);
    expect(optionalParagraph(100).parse('')).toBe('');
  });

  it('refuses a lone surrogate at either end of a pair but keeps a paired one', () => {
    expect(reasons(line(100), 'a\ud800b')).toEqual(['must not contain an unpaired surrogate (not valid Unicode)']);
    expect(reasons(line(100), 'a\udc00')).toEqual(['must not contain an unpaired surrogate (not valid Unicode)']);
    expect(line(100).parse('model \ud83d\ude00')).toBe('model \ud83d\ude00');
  });

  it('trims, refuses empty text and bounds the length', () => {
    expect(line(5).parse('  abc  ')).toBe('abc');
    expect(reasons(line(5), '   ')).toEqual(['must not be empty']);
    expect(line(5).safeParse('abcdef').success).toBe(false);
  });

  it('refuses a control character in an email address with its own reason', () => {
    expect(reasons(email, 'g\u0000race@example.org')).toContain('must not contain control characters');
    expect(email.parse('grace@example.org')).toBe('grace@example.org');
  });
});

describe('dates and instants', () => {
  it(`accepts calendar dates from ${DATE_MIN} to ${DATE_MAX} and nothing outside`, () => {
    expect(calendarDate.parse(DATE_MIN)).toBe(DATE_MIN);
    expect(calendarDate.parse(DATE_MAX)).toBe(DATE_MAX);
    for (const outside of ['1969-12-31', '2200-01-01', '0001-01-01', '9999-12-31']) {
      expect(reasons(calendarDate, outside)).toEqual([`must lie between ${DATE_MIN} and ${DATE_MAX}`]);
    }
    expect(reasons(calendarDate, '2027-02-30')).toEqual(['must be a calendar date as YYYY-MM-DD']);
    expect(reasons(calendarDate, '2027-1-05')).toEqual(['must be a calendar date as YYYY-MM-DD']);
  });

  it('accepts instants with an offset inside the range only', () => {
    expect(instant.parse('2027-03-01T09:00:00+01:00')).toBe('2027-03-01T09:00:00+01:00');
    expect(instant.parse('2199-12-31T23:59:59Z')).toBe('2199-12-31T23:59:59Z');
    expect(instant.safeParse('2027-03-01T09:00:00').success).toBe(false);
    for (const outside of ['0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '1969-12-31T23:59:59Z', '2200-01-01T00:00:00Z']) {
      expect(reasons(instant, outside)[0]).toMatch(/^must lie between 1970-01-01T00:00:00.000Z and 2199-12-31T23:59:59.999Z$/);
    }
  });
});

describe('references to the standard', () => {
  it('takes clauses and Annex A controls exactly as numbered, nothing padded or invented', () => {
    expect(clauseOrControlRef.parse('9.2')).toBe('9.2');
    expect(clauseOrControlRef.parse('A.6.2.4')).toBe('A.6.2.4');
    for (const wrong of ['9.2 ', ' 9.2', 'X', 'A.99', '11.1', 'a.6.2.4']) expect(clauseOrControlRef.safeParse(wrong).success).toBe(false);
    expect(controlRef.safeParse('9.2').success).toBe(false);
  });
});

describe('the OpenAPI document', () => {
  it('carries each rule: the date range, the text pattern, what a reference must name', () => {
    const doc = buildOpenApiDocument(allRoutes, 'test', 'http://aims.test') as any;
    const body = (path: string) => {
      const schema = doc.paths[path].post.requestBody.content['application/json'].schema;
      return (schema.$ref ? doc.components.schemas[schema.$ref.split('/').pop()] : schema).properties;
    };
    expect(body('/aims/{id}/programme').anchorDate).toMatchObject({ format: 'date', description: expect.stringContaining(`from ${DATE_MIN} to ${DATE_MAX}`) });
    const newCase = body('/cases');
    expect(new RegExp(newCase.title.pattern).test('a\u0000b')).toBe(false);
    expect(new RegExp(newCase.title.pattern).test('Model card missing')).toBe(true);
    expect(new RegExp(newCase.description.pattern).test('line one\nline two')).toBe(true);
    expect(newCase.clauseRef.description).toContain('Annex A control');
    expect(newCase.auditId.description).toContain('same AIMS');
  });
});
