// Writing a variant as YAML a person can read and `kkpham simulate` can load.
// Only the few shapes a variant needs: mappings, lists of mappings, strings
// (always double-quoted, escaped as JSON and beyond it where YAML differs) and
// decimal numbers (written as the digits given).

const PLAIN_KEY = /^[a-z][a-z0-9-]*$/;
// values written without quotes: a letter first (never read as a number), no
// character YAML gives a meaning inside a plain scalar
const PLAIN_VALUE = /^[a-z][a-z0-9_./@+-]*$/;
// words YAML 1.1 (PyYAML) reads as booleans or null when unquoted
const SPECIAL = new Set(["y", "n", "yes", "no", "on", "off", "true", "false", "null"]);

/** A string as a double-quoted YAML scalar that reads back as the same string. */
export function quoted(text) {
  // JSON's escapes are YAML's; YAML also reads the line and paragraph separators
  // as breaks and refuses DEL, the C1 controls, the byte-order mark and the
  // non-characters U+FFFE and U+FFFF written as they are, so those are escaped too
  return JSON.stringify(String(text)).replace(
    /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

function key(name) {
  return PLAIN_KEY.test(name) && !SPECIAL.has(name) ? name : quoted(name);
}

/** A value: a Decimal-like {decimal: "80"} is written bare, anything else as a string. */
function scalar(value) {
  if (value && typeof value === "object" && "decimal" in value) return value.decimal;
  if (typeof value === "boolean") return value ? "true" : "false";
  const text = String(value);
  return PLAIN_VALUE.test(text) && !SPECIAL.has(text) ? text : quoted(text);
}

function isMapping(value) {
  return value && typeof value === "object" && !Array.isArray(value) && !("decimal" in value);
}

function lines(value, indent) {
  const pad = " ".repeat(indent);
  const out = [];
  for (const [name, item] of Object.entries(value)) {
    if (Array.isArray(item)) {
      out.push(`${pad}${key(name)}:`);
      for (const entry of item) {
        const inner = lines(entry, indent + 4);
        out.push(`${pad}  - ${inner[0].trimStart()}`, ...inner.slice(1));
      }
    } else if (isMapping(item)) {
      const inline = Object.values(item).every((part) => !isMapping(part) && !Array.isArray(part));
      if (inline && Object.keys(item).length <= 3) {
        const parts = Object.entries(item).map(([inner, part]) => `${key(inner)}: ${scalar(part)}`);
        out.push(`${pad}${key(name)}: {${parts.join(", ")}}`);
      } else {
        out.push(`${pad}${key(name)}:`, ...lines(item, indent + 2));
      }
    } else {
      out.push(`${pad}${key(name)}: ${scalar(item)}`);
    }
  }
  return out;
}

/** A document (nested mappings and lists; numbers as {decimal: "..."}) as YAML text. */
export function toYaml(document) {
  return lines(document, 0).join("\n") + "\n";
}
