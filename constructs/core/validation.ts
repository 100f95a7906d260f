import { Token } from "cdktf";
import type { Construct } from "constructs";

/**
 * The error a construct throws for bad props: `<Construct> <path>: <what is wrong, and what is allowed>`,
 * e.g. `VpcNetwork cohort/network: availabilityZones must be 2..4, got 7`.
 */
export function propsError(construct: Construct, message: string): Error {
  return new Error(`${construct.constructor.name} ${construct.node.path}: ${message}`);
}

/**
 * Throws unless `value` is a whole number from `min` (to `max` when given); a token is left to
 * Terraform. The message is `<field> must be a whole number from 1 to 10, got 11`.
 */
export function checkWholeNumber(construct: Construct, field: string, value: number, min: number, max?: number): void {
  if (Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || (max !== undefined && value > max)) {
    throw propsError(construct, `${field} must be a whole number ${max === undefined ? `of at least ${min}` : `from ${min} to ${max}`}, got ${value}`);
  }
}

const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * Throws unless `region` looks like an AWS region (`ap-northeast-2`). A token is accepted unless
 * `literal` (for a value that must be known at synth, such as one written into a kubeconfig).
 */
export function checkRegion(construct: Construct, field: string, region: string, options: { readonly literal?: boolean } = {}): void {
  if (Token.isUnresolved(region) ? options.literal : !AWS_REGION.test(region)) {
    throw propsError(construct, `${field} must be ${options.literal ? "a literal" : "an"} AWS region like "ap-northeast-2", got "${region}"`);
  }
}

/** The retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** Throws unless `days` is a retention CloudWatch Logs accepts (never "keep forever": logs cost money). */
export function checkLogRetention(construct: Construct, field: string, days: number): void {
  if (!LOG_RETENTION_DAYS.includes(days)) {
    throw propsError(construct, `${field} must be one of ${LOG_RETENTION_DAYS.join(", ")} days, got ${days}`);
  }
}

/**
 * Throws, naming every missing field, when a required prop is absent. TypeScript callers cannot
 * leave one out, but a JavaScript caller can, and would otherwise meet "Cannot read properties
 * of undefined" deep inside the construct.
 */
export function requireProps<Props extends object>(construct: Construct, props: Props | undefined, required: readonly (keyof Props & string)[]): void {
  const missing = required.filter((field) => props === undefined || props === null || (props as Record<string, unknown>)[field] === undefined);
  if (missing.length > 0) {
    throw propsError(construct, `${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} required (see the construct's props), got ${props === undefined || props === null ? "no props" : "none"}`);
  }
}
