// Exact decimal strings, as the service writes every figure ("81.22", "25.500000").
// Figures are compared, subtracted and binned here as integers of their last
// decimal place, never as binary floats.

const DECIMAL = /^[-+]?\d+(\.\d+)?$/;

/** Whether `text` is a plain decimal number (digits, an optional point and digits). */
export function isDecimal(text) {
  return DECIMAL.test(text);
}

function places(text) {
  const point = text.indexOf(".");
  return point < 0 ? 0 : text.length - point - 1;
}

/** `text` as a BigInt count of 10^-`digits`. */
export function scaled(text, digits) {
  const negative = text.startsWith("-");
  const [whole, fraction = ""] = text.replace(/^[-+]/, "").split(".");
  const value = BigInt(whole + (fraction + "0".repeat(digits)).slice(0, digits));
  return negative ? -value : value;
}

/** A BigInt count of 10^-`digits` as a decimal string with that many places. */
export function unscaled(value, digits) {
  const negative = value < 0n;
  const text = (negative ? -value : value).toString().padStart(digits + 1, "0");
  const whole = text.slice(0, text.length - digits);
  const fraction = digits ? "." + text.slice(text.length - digits) : "";
  return (negative ? "-" : "") + whole + fraction;
}

/** a - b, exactly, with as many places as the longer of the two. */
export function subtract(a, b) {
  const digits = Math.max(places(a), places(b));
  return unscaled(scaled(a, digits) - scaled(b, digits), digits);
}

/** The canonical form of a decimal: no sign +, no leading zeros, no trailing fraction zeros. */
export function normalize(text) {
  const negative = text.startsWith("-");
  let [whole, fraction = ""] = text.replace(/^[-+]/, "").split(".");
  whole = whole.replace(/^0+(?=\d)/, "");
  fraction = fraction.replace(/0+$/, "");
  const body = fraction ? `${whole}.${fraction}` : whole;
  return negative && /[1-9]/.test(body) ? `-${body}` : body;
}

/** Whether two decimal strings are the same number. */
export function same(a, b) {
  return normalize(a) === normalize(b);
}

/** a < b, exactly. */
export function less(a, b) {
  const digits = Math.max(places(a), places(b));
  return scaled(a, digits) < scaled(b, digits);
}

/**
 * A number a person typed, as a decimal string: spaces dropped and a decimal comma
 * read as a point (85,5); null if it is not a plain number.
 */
export function typed(text) {
  const trimmed = String(text).trim().replace(/\s+/g, "");
  const pointed = /^[-+]?\d+,\d+$/.test(trimmed) ? trimmed.replace(",", ".") : trimmed;
  return isDecimal(pointed) ? normalize(pointed) : null;
}
