import { Token } from "cdktf";
import type { Construct } from "constructs";
import { propsError } from "../core/validation";
import { isDnsSubdomain } from "../core/kubernetes-names";
import { checkInteger } from "./workload-validation";

/** Reachable inside the cluster only, at `<name>.<namespace>.svc.cluster.local`. */
export interface ClusterIpExposure {
  readonly type: "ClusterIP";
}

/** ClusterIP plus a port on every node (inside the VPC: the nodes are in private subnets). */
export interface NodePortExposure {
  readonly type: "NodePort";
  /**
   * The port on every node, 30000..32767 (the cluster's NodePort range). Each must be unique in
   * the whole cluster, so pick one per student or leave it out.
   * @default - a free port chosen by Kubernetes
   */
  readonly nodePort?: number;
}

/** Who can reach a load balancer. */
export type LoadBalancerScheme = "internal" | "internet-facing";

/**
 * A Network Load Balancer made by the AWS Load Balancer Controller, sending traffic straight to
 * pod IPs (target type `ip`). Each one is billed by the hour: the tenancy quota limits them.
 */
export interface LoadBalancerExposure {
  readonly type: "LoadBalancer";
  /**
   * `internal`: an address inside the VPC only; `internet-facing`: a public address open to the
   * internet. Public exposure is never the default.
   * @default ExposureDefaults.LOAD_BALANCER_SCHEME ("internal")
   */
  readonly scheme?: LoadBalancerScheme;
}

/** How the Service is exposed. `ExternalName` is a separate construct, `ExternalNameService`: it has no pods. */
export type ServiceExposure = ClusterIpExposure | NodePortExposure | LoadBalancerExposure;

/**
 * Whether a client keeps talking to the same pod. `ClientIP` pins by source address for
 * `timeoutSeconds` (1..86400). Applies to traffic through the Service (ClusterIP, NodePort); an
 * NLB of a LoadBalancer Service gets source-IP stickiness on its target group instead, and an
 * ALB Ingress (which targets pods directly) ignores it.
 */
export type SessionAffinity = { readonly type: "None" } | { readonly type: "ClientIP"; readonly timeoutSeconds?: number };

export interface WebServiceIngressOptions {
  /** @default ExposureDefaults.INGRESS_PATH ("/") */
  readonly path?: string;
  /** @default ExposureDefaults.INGRESS_PATH_TYPE ("Prefix") */
  readonly pathType?: "Prefix" | "Exact" | "ImplementationSpecific";
  /**
   * Only requests for this host name match. In an ingress group shared by many services, give
   * each a host or a path of its own: equal rules conflict.
   * @default - any host
   */
  readonly host?: string;
  /**
   * The IngressClass. The platform's class points at IngressClassParams that put every Ingress
   * of the class into one shared ALB (an IngressGroup), so the Ingress itself only names it.
   * @default ExposureDefaults.INGRESS_CLASS_NAME ("alb")
   */
  readonly ingressClassName?: string;
  /**
   * `alb.ingress.kubernetes.io/group.name`: every Ingress with the same group shares one ALB (each
   * adds listener rules and a target group; an ALB holds at most 100 target groups). Only for
   * Ingresses whose writers all trust each other: any Ingress of the group can claim another's
   * paths or change group-wide settings.
   * @default - the IngressClass's group, if its IngressClassParams set one; else an ALB of its own
   */
  readonly groupName?: string;
  /**
   * `alb.ingress.kubernetes.io/group.order`, -1000..1000: rules of lower orders are evaluated first
   * in the shared ALB.
   * @default - the controller's default (0)
   */
  readonly groupOrder?: number;
}

export const ExposureDefaults = {
  SERVICE: { type: "ClusterIP" } as ServiceExposure,
  LOAD_BALANCER_SCHEME: "internal" as LoadBalancerScheme,
  SESSION_AFFINITY: { type: "None" } as SessionAffinity,
  SESSION_AFFINITY_TIMEOUT_SECONDS: 10800,
  INGRESS_CLASS_NAME: "alb",
  INGRESS_PATH: "/",
  INGRESS_PATH_TYPE: "Prefix" as const,
} as const;

/**
 * The `spec.loadBalancerClass` the AWS Load Balancer Controller serves. Set in the Service itself:
 * the controller's webhook would otherwise add it at creation, and the Kubernetes provider, for
 * which the field forces a new Service and is not computed, would then replace the Service on
 * every apply.
 */
export const AWS_LOAD_BALANCER_CLASS = "service.k8s.aws/nlb";

export const NODE_PORT_RANGE = { min: 30000, max: 32767 } as const;
export const SESSION_AFFINITY_TIMEOUT_RANGE = { min: 1, max: 86400 } as const;
export const GROUP_ORDER_RANGE = { min: -1000, max: 1000 } as const;

/** Service annotations read by the AWS Load Balancer Controller. */
export const LoadBalancerAnnotations = {
  TYPE: "service.beta.kubernetes.io/aws-load-balancer-type",
  NLB_TARGET_TYPE: "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type",
  SCHEME: "service.beta.kubernetes.io/aws-load-balancer-scheme",
  TARGET_GROUP_ATTRIBUTES: "service.beta.kubernetes.io/aws-load-balancer-target-group-attributes",
} as const;

/** Ingress annotations read by the AWS Load Balancer Controller. */
export const IngressAnnotations = {
  TARGET_TYPE: "alb.ingress.kubernetes.io/target-type",
  HEALTHCHECK_PATH: "alb.ingress.kubernetes.io/healthcheck-path",
  HEALTHCHECK_PORT: "alb.ingress.kubernetes.io/healthcheck-port",
  GROUP_NAME: "alb.ingress.kubernetes.io/group.name",
  GROUP_ORDER: "alb.ingress.kubernetes.io/group.order",
} as const;

export const CLUSTER_DOMAIN = "cluster.local";

/** The in-cluster DNS name of a Service: `<name>.<namespace>.svc.<clusterDomain>`. */
export function clusterServiceHost(name: string, namespace: string, clusterDomain: string = CLUSTER_DOMAIN): string {
  return `${name}.${namespace}.svc.${clusterDomain}`;
}

export interface ResolvedServiceExposure {
  readonly type: ServiceExposure["type"];
  readonly loadBalancerClass?: string;
  readonly nodePort?: number;
  readonly annotations?: Record<string, string>;
  readonly sessionAffinity: SessionAffinity["type"];
  readonly sessionAffinityTimeoutSeconds?: number;
}

/** Validates the exposure and session affinity and returns the Service settings they make; `fieldPrefix` prefixes the field names in messages. */
export function resolveServiceExposure(construct: Construct, service: ServiceExposure, affinity: SessionAffinity, fieldPrefix = ""): ResolvedServiceExposure {
  const type = (service as { type: string }).type;
  if (type === "ExternalName") {
    throw propsError(construct, `${fieldPrefix}service.type "ExternalName" has no pods behind it: use ExternalNameService instead of WebService`);
  }
  if (!["ClusterIP", "NodePort", "LoadBalancer"].includes(type)) {
    throw propsError(construct, `${fieldPrefix}service.type must be "ClusterIP", "NodePort" or "LoadBalancer", got "${type}"`);
  }
  const affinityType = (affinity as { type: string }).type;
  if (!["None", "ClientIP"].includes(affinityType)) {
    throw propsError(construct, `${fieldPrefix}sessionAffinity.type must be "None" or "ClientIP", got "${affinityType}"`);
  }
  const timeout = affinity.type === "ClientIP" ? (affinity.timeoutSeconds ?? ExposureDefaults.SESSION_AFFINITY_TIMEOUT_SECONDS) : undefined;
  if (timeout !== undefined) {
    checkInteger(construct, `${fieldPrefix}sessionAffinity.timeoutSeconds`, timeout, SESSION_AFFINITY_TIMEOUT_RANGE.min, SESSION_AFFINITY_TIMEOUT_RANGE.max);
  }
  const resolvedAffinity = { sessionAffinity: affinity.type, sessionAffinityTimeoutSeconds: timeout };

  switch (service.type) {
    case "ClusterIP":
      return { type: service.type, ...resolvedAffinity };
    case "NodePort":
      if (service.nodePort !== undefined && !Token.isUnresolved(service.nodePort)) {
        const { nodePort } = service;
        if (!Number.isInteger(nodePort) || nodePort < NODE_PORT_RANGE.min || nodePort > NODE_PORT_RANGE.max) {
          throw propsError(construct, `${fieldPrefix}service.nodePort must be an integer ${NODE_PORT_RANGE.min}..${NODE_PORT_RANGE.max} (the cluster's NodePort range), or omitted for a free port, got ${nodePort}`);
        }
      }
      return { type: service.type, nodePort: service.nodePort, ...resolvedAffinity };
    case "LoadBalancer": {
      const scheme = service.scheme ?? ExposureDefaults.LOAD_BALANCER_SCHEME;
      if (!["internal", "internet-facing"].includes(scheme)) {
        throw propsError(construct, `${fieldPrefix}service.scheme must be "internal" or "internet-facing", got "${scheme}"`);
      }
      const annotations: Record<string, string> = {
        // "external" hands the Service to the AWS Load Balancer Controller instead of the legacy in-tree controller.
        [LoadBalancerAnnotations.TYPE]: "external",
        [LoadBalancerAnnotations.NLB_TARGET_TYPE]: "ip",
        [LoadBalancerAnnotations.SCHEME]: scheme,
      };
      // The NLB sends traffic straight to pod IPs, past kube-proxy, so the Service's own affinity never applies.
      if (affinity.type === "ClientIP") annotations[LoadBalancerAnnotations.TARGET_GROUP_ATTRIBUTES] = "stickiness.enabled=true,stickiness.type=source_ip";
      return { type: service.type, loadBalancerClass: AWS_LOAD_BALANCER_CLASS, annotations, ...resolvedAffinity };
    }
  }
}

export interface ResolvedIngress {
  readonly ingressClassName: string;
  readonly host?: string;
  readonly path: string;
  readonly pathType: string;
  readonly annotations: Record<string, string>;
}

/** Where the ALB checks the pods' health: the HTTP probe's path and port, when the service has one. */
export interface IngressHealthCheck {
  /** The HTTP probe's path. @default - none: the controller's default health check path ("/") */
  readonly path?: string;
  /** The HTTP probe's port. @default - the traffic port */
  readonly port?: number;
  /** The container port the ALB sends traffic to. */
  readonly trafficPort: number;
}

const INGRESS_GROUP_NAME = /^[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?$/;
const HOST = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Validates the ingress options and returns the Ingress settings for the AWS Load Balancer Controller. */
export function resolveIngress(construct: Construct, options: WebServiceIngressOptions, health: IngressHealthCheck): ResolvedIngress {
  const path = options.path ?? ExposureDefaults.INGRESS_PATH;
  const pathType = options.pathType ?? ExposureDefaults.INGRESS_PATH_TYPE;
  const ingressClassName = options.ingressClassName ?? ExposureDefaults.INGRESS_CLASS_NAME;
  if (!Token.isUnresolved(path) && !path.startsWith("/")) {
    throw propsError(construct, `ingress.path must start with "/", got "${path}"`);
  }
  if (!["Prefix", "Exact", "ImplementationSpecific"].includes(pathType)) {
    throw propsError(construct, `ingress.pathType must be "Prefix", "Exact" or "ImplementationSpecific", got "${pathType}"`);
  }
  if (options.host !== undefined && !Token.isUnresolved(options.host) && (options.host.length > 253 || !HOST.test(options.host))) {
    throw propsError(construct, `ingress.host must be a lowercase DNS name (a leading "*." wildcard is allowed), got "${options.host}"`);
  }
  if (!Token.isUnresolved(ingressClassName) && !isDnsSubdomain(ingressClassName)) {
    throw propsError(construct, `ingress.ingressClassName must be a lowercase DNS name like "alb", got "${ingressClassName}"`);
  }
  if (options.groupName !== undefined && !Token.isUnresolved(options.groupName) && !INGRESS_GROUP_NAME.test(options.groupName)) {
    throw propsError(construct, `ingress.groupName must be 1..63 lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, got "${options.groupName}"`);
  }
  if (options.groupOrder !== undefined) {
    checkInteger(construct, "ingress.groupOrder", options.groupOrder, GROUP_ORDER_RANGE.min, GROUP_ORDER_RANGE.max);
  }

  const annotations: Record<string, string> = {
    // Pod IPs as targets: works with a ClusterIP Service and skips the node hop of instance mode.
    [IngressAnnotations.TARGET_TYPE]: "ip",
  };
  if (health.path !== undefined) annotations[IngressAnnotations.HEALTHCHECK_PATH] = health.path;
  if (health.port !== undefined && health.port !== health.trafficPort) annotations[IngressAnnotations.HEALTHCHECK_PORT] = String(health.port);
  if (options.groupName !== undefined) annotations[IngressAnnotations.GROUP_NAME] = options.groupName;
  if (options.groupOrder !== undefined) annotations[IngressAnnotations.GROUP_ORDER] = String(options.groupOrder);
  return { ingressClassName, host: options.host, path, pathType, annotations };
}
