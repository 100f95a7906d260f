import type {
  DeploymentV1SpecTemplateSpecContainerLivenessProbe,
  DeploymentV1SpecTemplateSpecContainerReadinessProbe,
} from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { Token } from "cdktf";
import type { Construct } from "constructs";
import { propsError } from "../core/validation";
import { checkPort } from "./workload-validation";

export interface HttpProbeOptions {
  /** The path answered with 2xx or 3xx when healthy, e.g. `/healthz`. */
  readonly path: string;
  /** @default - the container port */
  readonly port?: number;
}

export interface TcpProbeOptions {
  /** @default - the container port */
  readonly port?: number;
}

/** How the kubelet checks the container: an HTTP GET, or a TCP connection that must open. */
export type WebServiceProbe = { readonly http: HttpProbeOptions } | { readonly tcp: TcpProbeOptions };

/** The timings of one probe, in seconds (failureThreshold in consecutive failures). */
export interface ProbeTimings {
  readonly initialDelaySeconds: number;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly failureThreshold: number;
}

/**
 * Readiness starts early and runs often: it only gates traffic (a pod joins the Service once
 * ready, and a rolling update waits for it). Liveness restarts the container, so it starts later
 * and checks less often: a slow start or a short hiccup must not turn into a restart loop.
 */
export const ProbeDefaults = {
  READINESS: { initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 } as ProbeTimings,
  LIVENESS: { initialDelaySeconds: 30, periodSeconds: 20, timeoutSeconds: 3, failureThreshold: 3 } as ProbeTimings,
} as const;

export interface ResolvedProbes {
  readonly readiness: DeploymentV1SpecTemplateSpecContainerReadinessProbe;
  readonly liveness: DeploymentV1SpecTemplateSpecContainerLivenessProbe;
  /** The HTTP path, when the probe is HTTP (the ALB health check reuses it). */
  readonly httpPath?: string;
  readonly port: number;
}

/** Readiness and liveness probes of the same check; `undefined` means TCP on the container port. */
export function resolveProbes(construct: Construct, probe: WebServiceProbe | undefined, containerPort: number): ResolvedProbes {
  const check = probe ?? { tcp: {} };
  const http = "http" in check ? check.http : undefined;
  const tcp = "tcp" in check ? check.tcp : undefined;
  if ((http === undefined) === (tcp === undefined)) {
    throw propsError(construct, `probe must have exactly one of http or tcp, got ${JSON.stringify(Object.keys(check))}`);
  }
  const port = (http ?? tcp)?.port ?? containerPort;
  checkPort(construct, http ? "probe.http.port" : "probe.tcp.port", port);
  if (http) {
    if (typeof http.path !== "string" || (!Token.isUnresolved(http.path) && !http.path.startsWith("/"))) {
      throw propsError(construct, `probe.http.path must start with "/", got "${http.path}"`);
    }
    const httpGet = { path: http.path, port: String(port) };
    return {
      readiness: { ...ProbeDefaults.READINESS, httpGet },
      liveness: { ...ProbeDefaults.LIVENESS, httpGet },
      httpPath: http.path,
      port,
    };
  }
  const tcpSocket = [{ port: String(port) }];
  return { readiness: { ...ProbeDefaults.READINESS, tcpSocket }, liveness: { ...ProbeDefaults.LIVENESS, tcpSocket }, port };
}
