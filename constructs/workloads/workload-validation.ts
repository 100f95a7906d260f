import { Token } from "cdktf";
import type { Construct } from "constructs";
import { propsError } from "../core/validation";

/** RFC 1035 label (Service names): starts with a letter. */
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1123 label (namespaces, volume names): may start with a digit. */
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1123 subdomain: dot-separated labels, at most 253 characters. */
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A label value: empty, or letters, digits, `-`, `_`, `.` starting and ending alphanumeric. */
const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** Throws unless `value` is a DNS label Kubernetes accepts as a Service name (RFC 1035, at most 63 characters). */
export function checkServiceName(construct: Construct, field: string, value: string): void {
  if (Token.isUnresolved(value)) return;
  if (value.length > 63 || !DNS_1035_LABEL.test(value)) {
    throw propsError(construct, `${field} must be a DNS label: 1..63 lowercase letters, digits and "-", starting with a letter and ending with a letter or digit, got "${value}"`);
  }
}

/** Throws unless `value` is an RFC 1123 DNS label (namespaces, volume names), at most 63 characters. */
export function checkDnsLabel(construct: Construct, field: string, value: string): void {
  if (Token.isUnresolved(value)) return;
  if (value.length > 63 || !DNS_1123_LABEL.test(value)) {
    throw propsError(construct, `${field} must be a DNS label: 1..63 lowercase letters, digits and "-", starting and ending with a letter or digit, got "${value}"`);
  }
}

/** True when `value` is an RFC 1123 subdomain (a DNS name of lowercase labels), at most 253 characters. */
export function isDnsSubdomain(value: string): boolean {
  return value.length <= 253 && DNS_1123_SUBDOMAIN.test(value);
}

/** Throws unless `value` is a non-empty Kubernetes label value (at most 63 characters). */
export function checkLabelValue(construct: Construct, field: string, value: string): void {
  if (Token.isUnresolved(value)) return;
  if (value.length > 63 || !LABEL_VALUE.test(value)) {
    throw propsError(construct, `${field} must be a label value: 1..63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit, got "${value}"`);
  }
}

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
