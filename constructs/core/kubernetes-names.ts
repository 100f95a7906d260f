import { Token } from "cdktf";
import type { Construct } from "constructs";
import { propsError } from "./validation";

/**
 * Kubernetes names and labels as apimachinery validates them, checked at synth time. The one place
 * these rules live, so every construct accepts and refuses the same names with the same words.
 */

/** The longest DNS label: namespaces, Service and volume names, label names and values. */
export const DNS_LABEL_MAX_LENGTH = 63;
/** The longest DNS subdomain: most object names (Secrets, ConfigMaps, service accounts, StorageClasses). */
export const DNS_SUBDOMAIN_MAX_LENGTH = 253;
/** Group and user names starting with this are Kubernetes' own identities (`system:masters`, `system:nodes`). */
export const RESERVED_IDENTITY_PREFIX = "system:";

/** RFC 1123 label: lowercase letters, digits and `-`, starting and ending alphanumeric. */
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1035 label (Service names): as RFC 1123, but starting with a letter. */
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 1123 subdomain: dot-separated RFC 1123 labels. */
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A non-empty label value, also the name part of a label key: letters, digits, `-`, `_`, `.`, starting and ending alphanumeric. */
const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** True for an RFC 1123 DNS label of at most 63 characters: namespaces, volume names, most label-like names. */
export function isDnsLabel(value: string): boolean {
  return value.length <= DNS_LABEL_MAX_LENGTH && DNS_1123_LABEL.test(value);
}

/** True for an RFC 1035 DNS label (starts with a letter) of at most `maxLength` characters: Service names. */
export function isDns1035Label(value: string, maxLength = DNS_LABEL_MAX_LENGTH): boolean {
  return value.length <= maxLength && DNS_1035_LABEL.test(value);
}

/** True for an RFC 1123 subdomain (a DNS name of lowercase labels) of at most 253 characters. */
export function isDnsSubdomain(value: string): boolean {
  return value.length <= DNS_SUBDOMAIN_MAX_LENGTH && DNS_1123_SUBDOMAIN.test(value);
}

/** True for a non-empty label value of at most 63 characters (Kubernetes also allows the empty value). */
export function isLabelValue(value: string): boolean {
  return value.length <= DNS_LABEL_MAX_LENGTH && LABEL_VALUE.test(value);
}

/** True for a label key: a name like a non-empty label value, after an optional DNS subdomain prefix and `/`. */
export function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  return isLabelValue(key.slice(slash + 1)) && (prefix === undefined || isDnsSubdomain(prefix));
}

/** Throws unless `value` is an RFC 1123 DNS label (namespaces, volume names); tokens pass. */
export function checkDnsLabel(construct: Construct, field: string, value: string): void {
  if (Token.isUnresolved(value) || isDnsLabel(value)) return;
  throw propsError(construct, `${field} must be a DNS label: 1..63 lowercase letters, digits and "-", starting and ending with a letter or digit, got "${value}"`);
}

/** Throws unless `value` is a DNS label Kubernetes accepts as a Service name (RFC 1035); tokens pass. */
export function checkServiceName(construct: Construct, field: string, value: string): void {
  if (Token.isUnresolved(value) || isDns1035Label(value)) return;
  throw propsError(construct, `${field} must be a DNS label: 1..63 lowercase letters, digits and "-", starting with a letter and ending with a letter or digit, got "${value}"`);
}

/** Throws unless `value` is an RFC 1123 DNS subdomain (service accounts, StorageClasses); tokens pass. */
export function checkDnsSubdomain(construct: Construct, field: string, value: string): void {
  if (Token.isUnresolved(value) || isDnsSubdomain(value)) return;
  throw propsError(
    construct,
    `${field} must be a DNS subdomain: 1..253 lowercase letters, digits, "-" and ".", each dot-separated part starting and ending with a letter or digit, got "${value}"`,
  );
}

/** Throws unless `value` is a non-empty label value; tokens pass. */
export function checkLabelValue(construct: Construct, field: string, value: string): void {
  if (Token.isUnresolved(value) || isLabelValue(value)) return;
  throw propsError(construct, `${field} must be a label value: 1..63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit, got "${value}"`);
}
