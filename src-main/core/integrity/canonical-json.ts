/**
 * Canonical JSON: one byte-exact text per value, so a hash computed today can be recomputed by
 * anyone tomorrow (another Vigie version, a court expert with a 20-line script).
 *
 * Rules, a subset of RFC 8785 (JCS) that covers every value the chains hash: object keys sorted
 * by UTF-16 code units, no whitespace, strings escaped as JSON.stringify does, integers only
 * (rows hold ids, counts and text; a float's shortest text is where implementations diverge, so
 * floats are refused rather than risked). `undefined`, functions, NaN and the like are refused
 * too: silently dropping a field would make two different records hash the same.
 */
export type CanonicalValue =
  null | boolean | number | string | readonly CanonicalValue[] | { readonly [key: string]: CanonicalValue };

/** Serialises `value` canonically; throws a TypeError naming the path of anything unsupported. */
export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

function write(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isSafeInteger(value)) {
        throw new TypeError(`canonical JSON: ${path} is ${value}, only safe integers are hashed`);
      }
      // -0 and 0 must hash alike.
      return value === 0 ? '0' : String(value);
    case 'bigint':
      if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
        throw new TypeError(`canonical JSON: ${path} is outside the safe integer range`);
      }
      return value.toString();
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((item, index) => write(item, `${path}[${index}]`)).join(',')}]`;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError(`canonical JSON: ${path} is not a plain object`);
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      return `{${keys.map((key) => `${JSON.stringify(key)}:${write(record[key], `${path}.${key}`)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonical JSON: ${path} is ${typeof value}, which is not hashed`);
  }
}
