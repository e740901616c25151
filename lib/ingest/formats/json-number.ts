// JSON number text to a number, exactly as JSON.parse reads it, without its cost: Number() on a
// string is a runtime call (~150 ns for a Cloudflare nanosecond timestamp), and most numbers in
// logs are short integers or short decimals.

/** Powers of ten a double holds exactly (10^22 is the last). */
const EXACT_POWERS = Array.from({ length: 23 }, (_, k) => 10 ** k);
/** Digits whose integer is exact in a double (2^53 has 16). */
const EXACT_DIGITS = 15;

/**
 * Valid JSON number text (the layout patterns guarantee it) given as its first digits `head`
 * (sign and at most 11 digits, so V8 made it a flat string, fast to read) and the `rest`.
 */
export function numberOf(head: string, rest: string): number {
  const negative = head.charCodeAt(0) === 45;
  let mantissa = 0;
  for (let i = negative ? 1 : 0; i < head.length; i++) mantissa = mantissa * 10 + (head.charCodeAt(i) - 48);
  const value = rest.length === 0 ? mantissa : extended(mantissa, mantissa === 0 ? 0 : head.length - (negative ? 1 : 0), rest);
  if (Number.isNaN(value)) return Number(head + rest);
  return negative ? -value : value;
}

/**
 * The value with the digits, fraction or exponent of `rest` added, or NaN to leave it to
 * Number(). Digits m with a decimal exponent e become m·10^e or m/10^-e when m and 10^|e| are
 * both exact doubles: one IEEE operation on exact operands is correctly rounded, the same
 * double as the correctly rounded conversion JSON.parse makes (Clinger's fast path, which V8's
 * own conversion takes too). Exponent forms and longer digit strings go to Number().
 */
function extended(mantissa: number, digits: number, rest: string): number {
  /** Zeros read but not yet put into the mantissa: trailing ones only scale it. */
  let zeros = 0;
  let exponent = 0;
  let fraction = false;
  for (let i = 0; i < rest.length; i++) {
    const code = rest.charCodeAt(i);
    if (code === 46) {
      fraction = true;
      continue;
    }
    const digit = code - 48;
    if (digit < 0 || digit > 9) return NaN; // an exponent
    if (fraction) exponent--;
    if (digit === 0) {
      zeros++;
      continue;
    }
    if (mantissa === 0) zeros = 0; // leading zeros add nothing
    digits += zeros + 1;
    if (digits > EXACT_DIGITS) return NaN;
    mantissa = mantissa * EXACT_POWERS[zeros + 1] + digit;
    zeros = 0;
  }
  exponent += zeros;
  if (mantissa === 0) return 0;
  if (exponent >= 0) return exponent < EXACT_POWERS.length ? mantissa * EXACT_POWERS[exponent] : NaN;
  return -exponent < EXACT_POWERS.length ? mantissa / EXACT_POWERS[-exponent] : NaN;
}
