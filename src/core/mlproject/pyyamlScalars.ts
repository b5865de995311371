// PyYAML's implicit resolvers (yaml/resolver.py), so a plain scalar gets the type MLflow really sees:
// YAML 1.1 with PyYAML's own choices (`y`/`n` stay strings, `1e-3` is a string, `1.0e-3` a float).
import type { ScalarType } from './model';

const BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const FLOAT =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const INT =
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const NULL = /^(?:~|null|Null|NULL|)$/;
const TIMESTAMP =
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/;

export interface ResolvedScalar {
  type: ScalarType;
  value: string | number | boolean | null;
  pythonStr: string;
}

/** Types a plain (unquoted) scalar as PyYAML `safe_load` does; quoted scalars are always strings. */
export function resolvePlainScalar(text: string): ResolvedScalar {
  if (NULL.test(text)) return { type: 'null', value: null, pythonStr: 'None' };
  if (BOOL.test(text)) {
    const value = TRUE.test(text);
    return { type: 'bool', value, pythonStr: value ? 'True' : 'False' };
  }
  if (INT.test(text)) {
    const value = parsePyInt(text);
    return { type: 'int', value, pythonStr: pythonIntStr(text, value) };
  }
  if (FLOAT.test(text)) {
    const value = parsePyFloat(text);
    return { type: 'float', value, pythonStr: pythonFloatStr(value) };
  }
  if (TIMESTAMP.test(text)) return { type: 'timestamp', value: text, pythonStr: pythonTimestampStr(text) };
  return stringScalar(text);
}

export function stringScalar(text: string): ResolvedScalar {
  return { type: 'str', value: text, pythonStr: text };
}

function splitSign(text: string): { sign: number; body: string } {
  const clean = text.replace(/_/g, '');
  if (clean.startsWith('-')) return { sign: -1, body: clean.slice(1) };
  if (clean.startsWith('+')) return { sign: 1, body: clean.slice(1) };
  return { sign: 1, body: clean };
}

function sexagesimal(body: string): number {
  return body.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
}

function parsePyInt(text: string): number {
  const { sign, body } = splitSign(text);
  if (body === '0') return 0;
  if (body.startsWith('0b')) return sign * parseInt(body.slice(2), 2);
  if (body.startsWith('0x')) return sign * parseInt(body.slice(2), 16);
  if (body.startsWith('0')) return sign * parseInt(body, 8);
  if (body.includes(':')) return sign * sexagesimal(body);
  return sign * Number(body);
}

function pythonIntStr(text: string, value: number): string {
  // Python ints are exact; keep the digits when the number is beyond double precision.
  if (!Number.isSafeInteger(value) && /^[-+]?[1-9][0-9_]*$/.test(text)) {
    const { sign, body } = splitSign(text);
    return (sign < 0 ? '-' : '') + body;
  }
  return String(value);
}

function parsePyFloat(text: string): number {
  const { sign, body } = splitSign(text);
  const lower = body.toLowerCase();
  if (lower === '.inf') return sign * Infinity;
  if (lower === '.nan') return NaN;
  if (body.includes(':')) {
    const parts = body.split(':');
    const last = Number(parts.pop());
    return sign * (sexagesimal(parts.join(':')) * 60 + last);
  }
  return sign * Number(body);
}

/** Python's `repr(float)`: shortest round-trip digits, scientific below 1e-4 and from 1e16. */
export function pythonFloatStr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa = '0', exponentText = '0'] = Math.abs(value).toExponential().split('e');
  const exponent = Number(exponentText);
  const digits = mantissa.replace('.', '');
  const sign = value < 0 ? '-' : '';
  if (exponent < -4 || exponent >= 16) {
    const frac = digits.slice(1);
    const exp = `${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
    return `${sign}${digits[0]}${frac ? `.${frac}` : ''}e${exp}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const intPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fracPart = digits.slice(exponent + 1) || '0';
  return `${sign}${intPart}.${fracPart}`;
}

function pythonTimestampStr(text: string): string {
  // A date-only timestamp becomes datetime.date, whose str() is the ISO date; full timestamps vary.
  const date = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (!date) return text;
  return `${date[1]}-${date[2]!.padStart(2, '0')}-${date[3]!.padStart(2, '0')}`;
}
