/**
 * Numbers formatted for reading, in one home for the tree, the panels and the runs table:
 * `0.0010000000000000002` reads `0.001`, `123456789.123` reads `1.23457e+8`. The exact value
 * (`exactNumber`) is what hovers show and what is copied or exported. Pure, no runtime imports:
 * it loads in Node and in the webviews alike.
 */

/** Significant digits shown by default: enough to tell runs apart, short enough to scan a column. */
export const READABLE_DIGITS = 6;

/** NaN and ±Infinity as MLflow's JSON spells them; finite values in full (shortest round-trip) precision. */
export function exactNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return String(value);
}

/**
 * At most `digits` significant digits, trailing zeros dropped; integers below 1e15 as they are;
 * scientific notation only for very small or very large magnitudes (`1.5e-7`, `2.5e+21`).
 */
export function readableNumber(value: number, digits = READABLE_DIGITS): string {
  if (!Number.isFinite(value)) return exactNumber(value);
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e15)) {
    const [mantissa = '', exponent = ''] = value.toExponential(digits - 1).split('e');
    return `${trimZeros(mantissa)}e${exponent}`;
  }
  return String(Number(value.toPrecision(digits)));
}

function trimZeros(mantissa: string): string {
  return mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
}

const NUMERIC_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A param or tag value that is a plain decimal number (`0.0010000000000000002`, `1e-3`) in its
 * readable form; any other text unchanged (params are strings: `'007'`, `1.0.2`, `nan` stay as logged).
 */
export function readableNumericText(text: string, digits = READABLE_DIGITS): string {
  if (text.length > 40 || !NUMERIC_TEXT.test(text)) return text;
  const value = Number(text);
  if (!Number.isFinite(value)) return text;
  // Integers with leading zeros or a sign are identifiers more often than quantities: keep them.
  if (/^[+-]?0\d/.test(text) || (Number.isInteger(value) && !/[.eE]/.test(text))) return text;
  const readable = readableNumber(value, digits);
  return readable.length < text.length ? readable : text;
}
