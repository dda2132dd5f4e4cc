import { describe, expect, it } from 'vitest';
import {
  ANNEX_A_AREAS,
  CLAUSES,
  CONTROLS,
  REVIEW_INPUTS,
  REVIEW_OUTPUTS,
  YEARLY_CLAUSES,
  compareReferenceOrder,
  isClauseId,
  isControlId,
  titleOf,
} from '../../domain/reference/iso42001';

describe('ISO/IEC 42001 reference data', () => {
  it('lists the 24 clauses from 4.1 to 10.2 in document order', () => {
    expect(CLAUSES).toHaveLength(24);
    expect(CLAUSES[0]).toEqual({ id: '4.1', title: 'Understanding the organization and its context' });
    expect(CLAUSES.at(-1)?.id).toBe('10.2');
    expect(CLAUSES.map((clause) => clause.id).slice(19)).toEqual(['9.1', '9.2', '9.3', '10.1', '10.2']);
  });

  it('lists the 38 Annex A controls from A.2.2 to A.10.4, each with its area, without the A.n.1 objectives', () => {
    expect(CONTROLS).toHaveLength(38);
    expect(CONTROLS[0]).toEqual({ id: 'A.2.2', title: 'AI policy', area: 'A.2' });
    expect(CONTROLS.at(-1)).toEqual({ id: 'A.10.4', title: 'Customers', area: 'A.10' });
    expect(CONTROLS.find((control) => control.id === 'A.6.2.4')?.area).toBe('A.6');
    expect(CONTROLS.some((control) => /^A\.\d+\.1$/.test(control.id))).toBe(false);
    expect(new Set(CONTROLS.map((control) => control.id)).size).toBe(38);
    expect(ANNEX_A_AREAS.map((area) => area.id)).toEqual(['A.2', 'A.3', 'A.4', 'A.5', 'A.6', 'A.7', 'A.8', 'A.9', 'A.10']);
  });

  it('names 9.2, 9.3 and 10.2 as the clauses audited every year, all of them real clauses', () => {
    expect(YEARLY_CLAUSES).toEqual(['9.2', '9.3', '10.2']);
    expect(YEARLY_CLAUSES.every(isClauseId)).toBe(true);
  });

  it('exposes the five 9.3.2 review inputs a–e and the two 9.3.3 kinds of decision', () => {
    expect(REVIEW_INPUTS.map((input) => input.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(REVIEW_INPUTS[0]?.title).toBe('Status of actions from previous management reviews');
    expect(REVIEW_OUTPUTS.map((output) => output.id)).toEqual(['improvement', 'change']);
  });

  it('tells clauses from controls and knows nothing else', () => {
    expect(isClauseId('9.2')).toBe(true);
    expect(isClauseId('A.2.2')).toBe(false);
    expect(isControlId('A.6.1.2')).toBe(true);
    expect(isControlId('A.6.1')).toBe(false);
    expect(isClauseId('11.1')).toBe(false);
    expect(titleOf('9.3')).toBe('Management review');
    expect(titleOf('A.7.4')).toBeDefined();
    expect(titleOf('a')).toBeUndefined();
  });

  it('sorts ids as the standard lists them, not as strings sort', () => {
    expect(['A.10.2', '10.2', 'A.2.2', '4.1', '9.3'].sort(compareReferenceOrder)).toEqual(['4.1', '9.3', '10.2', 'A.2.2', 'A.10.2']);
  });

  it('cannot be changed by a caller', () => {
    expect(Object.isFrozen(CLAUSES)).toBe(true);
    expect(Object.isFrozen(CONTROLS[0])).toBe(true);
  });
});
