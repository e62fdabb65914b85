/** Reference objects live at the MC path under `/REF`. */
export function refPathOf(mcPath: string): string {
  return mcPath.startsWith('/REF/') ? mcPath : `/REF${mcPath}`;
}

export function mcPathOf(path: string): string {
  return path.startsWith('/REF/') ? path.slice(4) : path;
}

/**
 * Bookkeeping rather than a measurement: `/RAW/…` copies, names starting with
 * `_` (`/_EVTCOUNT`, `/ANA/_aux`) and weight variations (`…[NAME]`).
 */
export function isBookkeeping(path: string): boolean {
  if (path.startsWith('/RAW/') || path.endsWith(']')) return true;
  return path.split('/').some((part) => part.startsWith('_'));
}
