import { IANAZone } from 'luxon';

/** True for a zone name the running time-zone database knows (Europe/Berlin, not CET+1). */
export function isIanaZone(name: string): boolean {
  return name.includes('/') || name === 'UTC' ? IANAZone.isValidZone(name) : false;
}
