/**
 * IPv4 CIDR arithmetic done at synth time, so subnet layouts are literal values in the plan
 * (reviewable in a snapshot diff) instead of `cidrsubnet()` calls Terraform evaluates later.
 */
export interface Ipv4Cidr {
  /** The network address as an unsigned 32-bit number. */
  readonly network: number;
  readonly prefixLength: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** The RFC 1918 private ranges a VPC should use. */
export const RFC1918_RANGES: readonly string[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

/**
 * Parses `a.b.c.d/n`. Returns a reason string instead of throwing, so callers can put it in
 * their own error message with their own field name.
 */
export function parseIpv4Cidr(text: string): Ipv4Cidr | string {
  const match = CIDR_PATTERN.exec(text);
  if (!match) return "must be an IPv4 CIDR block like 10.20.0.0/16";
  const octets = match.slice(1, 5).map(Number);
  const prefixLength = Number(match[5]);
  if (octets.some((octet) => octet > 255)) return "has an octet above 255";
  if (prefixLength > 32) return "has a prefix length above /32";
  const address = octets.reduce((acc, octet) => acc * 256 + octet, 0);
  const network = address - (address % blockSize(prefixLength));
  if (network !== address) {
    return `has host bits set: the network address of a /${prefixLength} here is ${formatIpv4Cidr({ network, prefixLength })}`;
  }
  return { network, prefixLength };
}

export function formatIpv4Cidr(cidr: Ipv4Cidr): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(cidr.network / 2 ** shift) % 256);
  return `${octets.join(".")}/${cidr.prefixLength}`;
}

/** The `index`-th subnet of `newPrefixLength` inside `parent` (what Terraform's `cidrsubnet` computes). */
export function subnetOf(parent: Ipv4Cidr, newPrefixLength: number, index: number): Ipv4Cidr {
  if (newPrefixLength < parent.prefixLength || newPrefixLength > 32) {
    throw new RangeError(`cannot carve a /${newPrefixLength} out of a /${parent.prefixLength}`);
  }
  const count = 2 ** (newPrefixLength - parent.prefixLength);
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`a /${parent.prefixLength} holds ${count} subnets of /${newPrefixLength}, index ${index} is outside`);
  }
  return { network: parent.network + index * blockSize(newPrefixLength), prefixLength: newPrefixLength };
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrContains(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
  return (
    inner.prefixLength >= outer.prefixLength &&
    inner.network >= outer.network &&
    inner.network + blockSize(inner.prefixLength) <= outer.network + blockSize(outer.prefixLength)
  );
}

/** True when the two blocks share at least one address. */
export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  return a.network < b.network + blockSize(b.prefixLength) && b.network < a.network + blockSize(a.prefixLength);
}

export function isRfc1918(cidr: Ipv4Cidr): boolean {
  return RFC1918_RANGES.some((range) => cidrContains(parseIpv4Cidr(range) as Ipv4Cidr, cidr));
}

function blockSize(prefixLength: number): number {
  return 2 ** (32 - prefixLength);
}
