/** Number syntax shared by GIFT's numerical answers and the CSV `answers` column. */

/** Plain decimals with an optional sign and exponent; no hex, no "Infinity", no empty string (Number() allows those). */
export function parseNumber(text: string): number | undefined {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return undefined;
  const v = Number(text);
  return Number.isFinite(v) ? v : undefined;
}

/** `3.5`, `3.5:0.1` (value:tolerance) or `3..4` (min..max) as a value and a tolerance. */
export function parseNumSpecText(spec: string): { value: number; tolerance: number } | undefined {
  const t = spec.trim();
  const range = t.indexOf("..");
  if (range > 0) {
    const min = parseNumber(t.slice(0, range).trim());
    const max = parseNumber(t.slice(range + 2).trim());
    if (min === undefined || max === undefined || max < min) return undefined;
    return { value: (min + max) / 2, tolerance: (max - min) / 2 };
  }
  const colon = t.indexOf(":");
  const value = parseNumber(colon === -1 ? t : t.slice(0, colon).trim());
  const tolerance = colon === -1 ? 0 : parseNumber(t.slice(colon + 1).trim());
  if (value === undefined || tolerance === undefined || tolerance < 0) return undefined;
  return { value, tolerance };
}
