/**
 * Kubernetes resource quantities (apimachinery's `resource.Quantity`: `500m`, `2`, `1.5`, `4Gi`,
 * `1G`, `1e3`) parsed at synth time, so a construct can compare literal requests, limits and quotas
 * before anything reaches a cluster. Values are exact (a big integer times a power of ten), never
 * floating point, so `100m` and `0.1` compare equal.
 */
export interface Quantity {
  /** The text as written. */
  readonly text: string;
  /** The value is `coefficient × 10^exponent`. */
  readonly coefficient: bigint;
  readonly exponent: number;
}

/** What a quantity measures; decides which spellings make sense. */
export type QuantityKind = "cpu" | "bytes";

/** Sign, number, then a decimal exponent, a decimal SI suffix or a binary SI suffix (the apimachinery grammar, without negatives). */
const QUANTITY = /^\+?(\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+)|([numkMGTPE]|[KMGTPE]i))?$/;
const DECIMAL_SUFFIX: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
/** apimachinery keeps values within int64 nano-units anyway; this bounds the big-integer work. */
const MAX_EXPONENT = 64;

/** The part of the error message after the field name, by kind (callers append `, got "<value>"`). */
export const QUANTITY_EXPECTED: Readonly<Record<QuantityKind, string>> = {
  cpu: 'must be a CPU quantity like "2", "1.5" or "500m"',
  bytes: 'must be a byte quantity like "4Gi", "512Mi" or "1G"',
};

/**
 * Parses a quantity. Returns a reason string instead of throwing (like `parseIpv4Cidr`), so callers
 * put it in their own message with their own field name: `${field} ${reason}, got "${text}"`.
 * For `bytes`, a value that is not a whole number of bytes is refused: `512m` is half a byte
 * (`m` is milli), a classic slip for `512Mi`.
 */
export function parseQuantity(text: string, kind: QuantityKind): Quantity | string {
  const match = QUANTITY.exec(text);
  if (!match) return QUANTITY_EXPECTED[kind];
  const [, number, exponentText, suffix] = match;
  const [whole, fraction = ""] = number.split(".");
  let coefficient = BigInt(`${whole}${fraction}` || "0");
  let exponent = fraction.length === 0 ? 0 : -fraction.length;
  if (exponentText !== undefined) {
    const decimalExponent = Number(exponentText);
    if (Math.abs(decimalExponent) > MAX_EXPONENT) return `${QUANTITY_EXPECTED[kind]} (exponent out of range)`;
    exponent += decimalExponent;
  } else if (suffix !== undefined && suffix in BINARY_SUFFIX) {
    coefficient *= 2n ** BigInt(BINARY_SUFFIX[suffix]);
  } else if (suffix !== undefined) {
    exponent += DECIMAL_SUFFIX[suffix];
  }
  const quantity: Quantity = { text, coefficient, exponent };
  if (kind === "bytes" && !isWholeNumber(quantity)) {
    return 'must be a whole number of bytes like "4Gi" or "512Mi" ("m" means milli, not mega)';
  }
  return quantity;
}

/** Negative when `a < b`, zero when equal, positive when `a > b`. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  const exponent = Math.min(a.exponent, b.exponent);
  const left = a.coefficient * 10n ** BigInt(a.exponent - exponent);
  const right = b.coefficient * 10n ** BigInt(b.exponent - exponent);
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * `text` multiplied by a whole `factor`, keeping its suffix so the result reads like the input:
 * `multiplyQuantity("4Gi", 2)` is `"8Gi"`, `"1.5"` gives `"3"`, `"500m"` gives `"1000m"`.
 * Throws on text that {@link parseQuantity} refuses.
 */
export function multiplyQuantity(text: string, factor: number): string {
  if (!Number.isInteger(factor) || factor < 0) throw new RangeError(`multiplyQuantity: factor must be a whole number >= 0, got ${factor}`);
  const match = QUANTITY.exec(text);
  if (!match) throw new RangeError(`multiplyQuantity: not a Kubernetes quantity: "${text}"`);
  const number = match[1];
  const suffix = text.slice(text.indexOf(number) + number.length);
  const [whole, fraction = ""] = number.split(".");
  const digits = (BigInt(`${whole}${fraction}` || "0") * BigInt(factor)).toString().padStart(fraction.length + 1, "0");
  const integerPart = digits.slice(0, digits.length - fraction.length);
  const fractionPart = digits.slice(digits.length - fraction.length).replace(/0+$/, "");
  return `${integerPart}${fractionPart ? `.${fractionPart}` : ""}${suffix}`;
}

function isWholeNumber(quantity: Quantity): boolean {
  return quantity.exponent >= 0 || quantity.coefficient % 10n ** BigInt(-quantity.exponent) === 0n;
}
