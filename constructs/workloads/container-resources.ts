import { Token } from "cdktf";
import type { Construct } from "constructs";
import { compareQuantities, parseQuantity, type Quantity, type QuantityKind } from "../core/kubernetes-quantity";
import { propsError } from "../core/validation";

export interface ResourceQuantities {
  /** Kubernetes CPU quantity: `250m` (millicores) or `1` (cores). @default - the default of the same kind */
  readonly cpu?: string;
  /** Kubernetes memory quantity: `128Mi`, `1Gi`. @default - the default of the same kind */
  readonly memory?: string;
}

/** A container's requests (what scheduling reserves) and limits (throttled / OOM-killed above). */
export interface ContainerResources {
  /** @default ContainerResourceDefaults.REQUESTS (cpu 100m, memory 128Mi) */
  readonly requests?: ResourceQuantities;
  /** @default ContainerResourceDefaults.LIMITS (cpu 500m, memory 256Mi) */
  readonly limits?: ResourceQuantities;
}

export const ContainerResourceDefaults = {
  REQUESTS: { cpu: "100m", memory: "128Mi" },
  LIMITS: { cpu: "500m", memory: "256Mi" },
} as const;

export interface ResolvedResources {
  readonly requests: { cpu: string; memory: string };
  readonly limits: { cpu: string; memory: string };
}

/**
 * Fills each quantity from its default (`defaults`, a workload's own, or {@link ContainerResourceDefaults}),
 * checks the formats and that no request exceeds its limit.
 */
export function resolveResources(
  construct: Construct,
  resources: ContainerResources = {},
  defaults: Readonly<ResolvedResources> = { requests: ContainerResourceDefaults.REQUESTS, limits: ContainerResourceDefaults.LIMITS },
): ResolvedResources {
  const resolved: ResolvedResources = {
    requests: { ...defaults.requests, ...definedOnly(resources.requests) },
    limits: { ...defaults.limits, ...definedOnly(resources.limits) },
  };
  checkResources(construct, resolved, "resources");
  return resolved;
}

/**
 * Checks the quantities that are set (tokens are left to Kubernetes): CPU and memory formats, and
 * no request above its limit. `prop` names the prop in the error, e.g. `prometheusResources`.
 */
export function checkResources(construct: Construct, resources: ContainerResources | undefined, prop: string): void {
  const kinds: Record<"cpu" | "memory", QuantityKind> = { cpu: "cpu", memory: "bytes" };
  for (const kind of ["cpu", "memory"] as const) {
    const parsed: Partial<Record<"requests" | "limits", Quantity>> = {};
    for (const side of ["requests", "limits"] as const) {
      const value = resources?.[side]?.[kind];
      if (value === undefined || Token.isUnresolved(value)) continue;
      const quantity = parseQuantity(value, kinds[kind]);
      if (typeof quantity === "string") throw propsError(construct, `${prop}.${side}.${kind} ${quantity}, got "${value}"`);
      parsed[side] = quantity;
    }
    if (parsed.requests && parsed.limits && compareQuantities(parsed.requests, parsed.limits) > 0) {
      throw propsError(construct, `${prop}.requests.${kind} ("${parsed.requests.text}") must not exceed ${prop}.limits.${kind} ("${parsed.limits.text}")`);
    }
  }
}

function definedOnly(quantities: ResourceQuantities | undefined): ResourceQuantities {
  return Object.fromEntries(Object.entries(quantities ?? {}).filter(([, value]) => value !== undefined));
}
