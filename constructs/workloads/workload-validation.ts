import { Token } from "cdktf";
import type { Construct } from "constructs";
import { propsError } from "../core/validation";

// Kubernetes name and label checks live in core/kubernetes-names.ts (shared with the cluster and cohort constructs).

/** Throws unless `value` is an integer in `min..max` (unresolved tokens pass). */
export function checkInteger(construct: Construct, field: string, value: number, min: number, max: number): void {
  if (Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw propsError(construct, `${field} must be an integer ${min}..${max}, got ${value}`);
  }
}

/** Throws unless `value` is a TCP port number, 1..65535. */
export function checkPort(construct: Construct, field: string, value: number): void {
  checkInteger(construct, field, value, 1, 65535);
}
