import { DeploymentV1, type DeploymentV1SpecStrategy } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { HorizontalPodAutoscalerV2 } from "@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2";
import { IngressV1 } from "@cdktf/provider-kubernetes/lib/ingress-v1";
import { PodDisruptionBudgetV1 } from "@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { checkDnsLabel, checkLabelValue, checkServiceName } from "../core/kubernetes-names";
import { propsError, requireProps } from "../core/validation";
import { imagePullPolicyFor, type ImagePullPolicy } from "./container-image";
import { resolveContainerEnv, type SecretEnvVar } from "./container-env";
import { resolveProbes, type WebServiceProbe } from "./container-probes";
import { ContainerResourceDefaults, resolveResources, type ContainerResources } from "./container-resources";
import { resolveContainerSecurity, type ContainerSecurityOptions } from "./container-security";
import { resolveVolumes, type WebServiceVolume } from "./pod-volumes";
import {
  clusterServiceHost,
  ExposureDefaults,
  resolveIngress,
  resolveServiceExposure,
  type ResolvedServiceExposure,
  type ServiceExposure,
  type SessionAffinity,
  type WebServiceIngressOptions,
} from "./web-service-exposure";
import { workloadLabels } from "./workload-labels";
import { checkInteger, checkPort } from "./workload-validation";

/**
 * How a new version replaces the old pods.
 * - `RollingUpdate`: new pods start (at most `maxSurge` extra) while old ones stop (at most
 *   `maxUnavailable` missing); numbers or percentages like `"25%"`, not both 0.
 * - `Recreate`: all old pods stop before new ones start (downtime); needed with a ReadWriteOnce volume.
 */
export type WebServiceUpdateStrategy =
  | { readonly type: "RollingUpdate"; readonly maxSurge?: number | string; readonly maxUnavailable?: number | string }
  | { readonly type: "Recreate" };

/** A HorizontalPodAutoscaler (autoscaling/v2) on CPU. Needs the metrics server in the cluster. */
export interface WebServiceAutoscaling {
  /** 1..{@link WebService.MAX_REPLICAS}. */
  readonly minReplicas: number;
  /** minReplicas..{@link WebService.MAX_REPLICAS}. */
  readonly maxReplicas: number;
  /**
   * The average CPU use to keep, in percent of the CPU request (1..100).
   * @default WebService.DEFAULT_CPU_UTILIZATION (70)
   */
  readonly cpuUtilization?: number;
}

/** Another Service in front of the same pods, see {@link WebService.addService}. */
export interface AdditionalServiceOptions {
  /** The Service name, a DNS label of at most 63 characters starting with a letter, unique in the namespace. */
  readonly name: string;
  /** @default { type: "ClusterIP" } */
  readonly service?: ServiceExposure;
  /** @default { type: "None" } */
  readonly sessionAffinity?: SessionAffinity;
  /** @default - the WebService's servicePort */
  readonly servicePort?: number;
}

export interface WebServiceProps {
  /**
   * The Deployment, Service (and HPA, PDB, Ingress) name, the container name and
   * `app.kubernetes.io/instance`: a DNS label of at most 63 characters starting with a letter.
   */
  readonly name: string;
  readonly namespace: string;
  /** The container image. Its tag decides the pull policy, see {@link imagePullPolicy}. */
  readonly image: string;
  /** `app.kubernetes.io/name`. @default - the name */
  readonly appName?: string;
  /** `app.kubernetes.io/part-of`. @default - no label */
  readonly partOf?: string;
  /**
   * The number of pods (0..100). Not allowed with {@link autoscaling}, which owns the count.
   * @default WebService.DEFAULT_REPLICAS (2)
   */
  readonly replicas?: number;
  /** The port the application listens on. @default WebService.DEFAULT_CONTAINER_PORT (8080) */
  readonly containerPort?: number;
  /** The port the Service (and the Ingress backend) listens on. @default WebService.DEFAULT_SERVICE_PORT (80) */
  readonly servicePort?: number;
  /** Replaces the image's ENTRYPOINT. @default - the image's */
  readonly command?: readonly string[];
  /** Replaces the image's CMD. @default - the image's */
  readonly args?: readonly string[];
  /** Plain environment variables. @default - none */
  readonly env?: Readonly<Record<string, string>>;
  /** Environment variables from keys of Secrets (passwords never appear in the Deployment). @default - none */
  readonly secretEnv?: readonly SecretEnvVar[];
  /** ConfigMaps whose every key becomes a variable. @default - none */
  readonly envFromConfigMaps?: readonly string[];
  /** Secrets whose every key becomes a variable. @default - none */
  readonly envFromSecrets?: readonly string[];
  /** Extra volumes (a PersistentVolumeClaim, an emptyDir) mounted into the container. @default - none */
  readonly volumes?: readonly WebServiceVolume[];
  /** How the Service is exposed. @default WebService.DEFAULT_SERVICE ({ type: "ClusterIP" }) */
  readonly service?: ServiceExposure;
  /** @default - { type: "None" }; ClientIP's timeout defaults to WebService.DEFAULT_SESSION_AFFINITY_TIMEOUT_SECONDS (10800) */
  readonly sessionAffinity?: SessionAffinity;
  /**
   * @default WebService.DEFAULT_UPDATE_STRATEGY (RollingUpdate, maxSurge 1, maxUnavailable 0: a
   * new pod must be ready before an old one stops, so capacity never drops)
   */
  readonly updateStrategy?: WebServiceUpdateStrategy;
  /**
   * Seconds a new pod must stay ready before it counts as available, so a pod that crashes right
   * after start stops the rollout (0..3600).
   * @default WebService.DEFAULT_MIN_READY_SECONDS (5)
   */
  readonly minReadySeconds?: number;
  /** Readiness and liveness check. @default - TCP connect on the container port */
  readonly probe?: WebServiceProbe;
  /** @default WebService.DEFAULT_RESOURCES (requests cpu 100m / memory 128Mi, limits cpu 500m / memory 256Mi) */
  readonly resources?: ContainerResources;
  /**
   * @default - `Always` for a mutable reference (`:latest` or no tag), `IfNotPresent` for a
   * fixed tag or a digest (`@sha256:...`)
   */
  readonly imagePullPolicy?: ImagePullPolicy;
  /**
   * Let something else own the image: Terraform ignores changes to the container image, so a CI
   * pipeline that rolls out new tags (`kubectl set image deployment/<name> <name>=<image>`) is not
   * reverted by the next `terraform apply`. `image` is then only the first image; changing it
   * does nothing.
   * @default false
   */
  readonly ignoreImageChanges?: boolean;
  /** Hardening, each field an opt-out. @default - all on, see ContainerSecurityOptions */
  readonly security?: ContainerSecurityOptions;
  /** Scale on CPU with a HorizontalPodAutoscaler. @default - a fixed {@link replicas} */
  readonly autoscaling?: WebServiceAutoscaling;
  /** Expose over HTTP through the shared ALB of the AWS Load Balancer Controller. @default - no Ingress */
  readonly ingress?: WebServiceIngressOptions;
  /**
   * Make `terraform apply` wait until the rollout finishes. Off by default: a rollout that cannot
   * finish (image pull, quota, no room on the nodes) would hold the apply for 10 minutes and then
   * taint the Deployment, so the next apply replaces it. `kubectl rollout status` shows progress.
   * @default false
   */
  readonly waitForRollout?: boolean;
}

const PERCENT_OR_COUNT = /^(\d+)%?$/;

/**
 * A Deployment and its Service, hardened and highly available by default: what a student writes
 * for an HTTP application. Optional HorizontalPodAutoscaler, PodDisruptionBudget (automatic for
 * more than one replica) and Ingress into the cohort's shared ALB.
 *
 * For a Service that only points at an outside DNS name, use `ExternalNameService`: it has no pods.
 */
export class WebService extends Construct {
  public static readonly DEFAULT_REPLICAS = 2;
  public static readonly MAX_REPLICAS = 100;
  public static readonly DEFAULT_CONTAINER_PORT = 8080;
  public static readonly DEFAULT_SERVICE_PORT = 80;
  public static readonly DEFAULT_SERVICE: ServiceExposure = ExposureDefaults.SERVICE;
  public static readonly DEFAULT_LOAD_BALANCER_SCHEME = ExposureDefaults.LOAD_BALANCER_SCHEME;
  public static readonly DEFAULT_SESSION_AFFINITY_TIMEOUT_SECONDS = ExposureDefaults.SESSION_AFFINITY_TIMEOUT_SECONDS;
  public static readonly DEFAULT_UPDATE_STRATEGY: WebServiceUpdateStrategy = { type: "RollingUpdate", maxSurge: 1, maxUnavailable: 0 };
  public static readonly DEFAULT_MIN_READY_SECONDS = 5;
  /** Old ReplicaSets kept for `kubectl rollout undo`. */
  public static readonly REVISION_HISTORY_LIMIT = 3;
  public static readonly DEFAULT_RESOURCES = ContainerResourceDefaults;
  public static readonly DEFAULT_CPU_UTILIZATION = 70;
  public static readonly DEFAULT_INGRESS_CLASS_NAME = ExposureDefaults.INGRESS_CLASS_NAME;
  /** The PodDisruptionBudget's `maxUnavailable`: a node drain evicts one pod at a time. */
  public static readonly PDB_MAX_UNAVAILABLE = 1;
  /** The `ignore_changes` entries of {@link WebServiceProps.ignoreImageChanges} and of autoscaling. */
  public static readonly IGNORE_IMAGE = "spec[0].template[0].spec[0].container[0].image";
  public static readonly IGNORE_REPLICAS = "spec[0].replicas";

  public readonly deployment: DeploymentV1;
  public readonly service: ServiceV1;
  public readonly hpa?: HorizontalPodAutoscalerV2;
  public readonly pdb?: PodDisruptionBudgetV1;
  public readonly ingress?: IngressV1;
  /** The Service name (known at synth time). */
  public readonly serviceName: string;
  public readonly namespace: string;
  /** `<name>.<namespace>.svc.cluster.local`. */
  public readonly serviceHost: string;
  public readonly servicePort: number;
  /** The one selector object of the Deployment, the Service, the PDB and the topology spread. */
  public readonly selectorLabels: Readonly<Record<string, string>>;
  /** The selector plus part-of and managed-by, on every object and the pod template. */
  public readonly labels: Readonly<Record<string, string>>;
  /** The container name, for `kubectl set image deployment/<name> <containerName>=...`. */
  public readonly containerName: string;
  private readonly containerPort: number;
  private readonly serviceNames = new Set<string>();

  constructor(scope: Construct, id: string, props: WebServiceProps) {
    super(scope, id);
    requireProps(this, props, ["name", "namespace", "image"]);
    const { name, namespace, image } = props;
    checkServiceName(this, "name", name);
    checkDnsLabel(this, "namespace", namespace);
    this.checkImage(image);
    const appName = props.appName ?? name;
    checkLabelValue(this, "appName", appName);
    if (props.partOf !== undefined) checkLabelValue(this, "partOf", props.partOf);
    const containerPort = props.containerPort ?? WebService.DEFAULT_CONTAINER_PORT;
    const servicePort = props.servicePort ?? WebService.DEFAULT_SERVICE_PORT;
    checkPort(this, "containerPort", containerPort);
    checkPort(this, "servicePort", servicePort);
    const minReadySeconds = props.minReadySeconds ?? WebService.DEFAULT_MIN_READY_SECONDS;
    checkInteger(this, "minReadySeconds", minReadySeconds, 0, 3600);
    const imagePullPolicy = props.imagePullPolicy ?? imagePullPolicyFor(image);
    if (!["Always", "IfNotPresent", "Never"].includes(imagePullPolicy)) {
      throw propsError(this, `imagePullPolicy must be "Always", "IfNotPresent" or "Never", got "${imagePullPolicy}"`);
    }
    const replicas = this.resolveReplicas(props);
    const strategy = this.resolveStrategy(props.updateStrategy ?? WebService.DEFAULT_UPDATE_STRATEGY);
    const exposure = resolveServiceExposure(this, props.service ?? WebService.DEFAULT_SERVICE, props.sessionAffinity ?? ExposureDefaults.SESSION_AFFINITY);
    const probes = resolveProbes(this, props.probe, containerPort);
    const resources = resolveResources(this, props.resources);
    const security = resolveContainerSecurity(this, props.security);
    const env = resolveContainerEnv(this, props);
    const volumes = resolveVolumes(this, props.volumes ?? [], security.writableTmp);
    const ingress = props.ingress ? resolveIngress(this, props.ingress, { path: probes.httpPath, port: probes.port, trafficPort: containerPort }) : undefined;

    const { selector, labels } = workloadLabels({ appName, instance: name, partOf: props.partOf });
    this.selectorLabels = selector;
    this.labels = labels;
    this.serviceName = name;
    this.namespace = namespace;
    this.serviceHost = clusterServiceHost(name, namespace);
    this.servicePort = servicePort;
    this.containerName = name;
    this.containerPort = containerPort;
    const metadata = { name, namespace, labels };

    const ignoreChanges = [...(props.ignoreImageChanges ? [WebService.IGNORE_IMAGE] : []), ...(props.autoscaling ? [WebService.IGNORE_REPLICAS] : [])];
    this.deployment = new DeploymentV1(this, "deployment", {
      metadata,
      waitForRollout: props.waitForRollout ?? false,
      spec: {
        replicas: String(replicas),
        revisionHistoryLimit: WebService.REVISION_HISTORY_LIMIT,
        minReadySeconds,
        selector: { matchLabels: selector },
        strategy,
        template: {
          metadata: { labels },
          spec: {
            automountServiceAccountToken: security.automountServiceAccountToken,
            securityContext: security.pod,
            container: [
              {
                name,
                image,
                imagePullPolicy,
                command: props.command ? [...props.command] : undefined,
                args: props.args ? [...props.args] : undefined,
                port: [{ name: "http", containerPort, protocol: "TCP" }],
                env: env.env,
                envFrom: env.envFrom,
                resources,
                readinessProbe: probes.readiness,
                livenessProbe: probes.liveness,
                securityContext: security.container,
                volumeMount: volumes.mounts,
              },
            ],
            volume: volumes.volumes,
            // Preferences, not rules: a cluster with one zone or a few nodes still schedules every pod.
            topologySpreadConstraint: ["topology.kubernetes.io/zone", "kubernetes.io/hostname"].map((topologyKey) => ({
              maxSkew: 1,
              topologyKey,
              whenUnsatisfiable: "ScheduleAnyway",
              labelSelector: [{ matchLabels: selector }],
            })),
          },
        },
      },
      lifecycle: ignoreChanges.length > 0 ? { ignoreChanges } : undefined,
    });

    this.service = this.createService("service", name, servicePort, exposure);

    if (props.autoscaling) {
      this.hpa = new HorizontalPodAutoscalerV2(this, "autoscaler", {
        metadata,
        spec: {
          minReplicas: props.autoscaling.minReplicas,
          maxReplicas: props.autoscaling.maxReplicas,
          scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: this.deployment.metadata.name },
          metric: [
            {
              type: "Resource",
              resource: { name: "cpu", target: { type: "Utilization", averageUtilization: props.autoscaling.cpuUtilization ?? WebService.DEFAULT_CPU_UTILIZATION } },
            },
          ],
        },
      });
    }

    // No PDB below two pods: for one pod, maxUnavailable 1 protects nothing and minAvailable 1
    // would block every node drain (cluster upgrades, node group changes) until someone deletes it.
    const guaranteedReplicas = props.autoscaling ? props.autoscaling.minReplicas : replicas;
    if (guaranteedReplicas > 1) {
      this.pdb = new PodDisruptionBudgetV1(this, "disruption-budget", {
        metadata,
        spec: { maxUnavailable: String(WebService.PDB_MAX_UNAVAILABLE), selector: { matchLabels: selector } },
      });
    }

    if (ingress) {
      this.ingress = new IngressV1(this, "ingress", {
        metadata: { ...metadata, annotations: ingress.annotations },
        spec: {
          ingressClassName: ingress.ingressClassName,
          rule: [
            {
              host: ingress.host,
              http: { path: [{ path: ingress.path, pathType: ingress.pathType, backend: { service: { name: this.service.metadata.name, port: { number: servicePort } } } }] },
            },
          ],
        },
        // The shared ALB exists long before this Ingress; Terraform need not wait for its address.
        waitForLoadBalancer: false,
      });
    }
  }

  /**
   * Another Service in front of the same pods (same selector), e.g. a NodePort or a
   * ClientIP-affinity variant next to the ClusterIP one, to compare Service types.
   */
  public addService(id: string, options: AdditionalServiceOptions): ServiceV1 {
    const prefix = `addService("${id}").`;
    checkServiceName(this, `${prefix}name`, options.name);
    if (this.serviceNames.has(options.name)) {
      throw propsError(this, `${prefix}name "${options.name}" is already the name of another Service of this WebService`);
    }
    const servicePort = options.servicePort ?? this.servicePort;
    checkPort(this, `${prefix}servicePort`, servicePort);
    const exposure = resolveServiceExposure(this, options.service ?? WebService.DEFAULT_SERVICE, options.sessionAffinity ?? ExposureDefaults.SESSION_AFFINITY, prefix);
    return this.createService(id, options.name, servicePort, exposure);
  }

  private createService(id: string, name: string, servicePort: number, exposure: ResolvedServiceExposure): ServiceV1 {
    this.serviceNames.add(name);
    return new ServiceV1(this, id, {
      metadata: { name, namespace: this.namespace, labels: this.labels, annotations: exposure.annotations },
      spec: {
        type: exposure.type,
        loadBalancerClass: exposure.loadBalancerClass,
        selector: this.selectorLabels,
        port: [{ name: "http", protocol: "TCP", port: servicePort, targetPort: String(this.containerPort), nodePort: exposure.nodePort }],
        sessionAffinity: exposure.sessionAffinity,
        sessionAffinityConfig:
          exposure.sessionAffinityTimeoutSeconds !== undefined ? { clientIp: { timeoutSeconds: exposure.sessionAffinityTimeoutSeconds } } : undefined,
      },
      // Provisioning an NLB takes minutes; nothing in Terraform needs its address (`kubectl get service` shows it).
      waitForLoadBalancer: exposure.type === "LoadBalancer" ? false : undefined,
    });
  }

  private checkImage(image: string): void {
    if (Token.isUnresolved(image)) return;
    if (image.length === 0 || /\s/.test(image)) {
      throw propsError(this, `image must be a container image reference like "nginx:1.27" or "registry.example.com/team/app@sha256:<digest>", got "${image}"`);
    }
  }

  /**
   * The Deployment's replica count. With autoscaling it is the HPA's minimum at creation and then
   * ignored (`ignore_changes`), so `terraform apply` never scales back what the HPA scaled up.
   */
  private resolveReplicas(props: WebServiceProps): number {
    if (props.autoscaling === undefined) {
      const replicas = props.replicas ?? WebService.DEFAULT_REPLICAS;
      checkInteger(this, "replicas", replicas, 0, WebService.MAX_REPLICAS);
      return replicas;
    }
    if (props.replicas !== undefined) {
      throw propsError(this, `replicas and autoscaling cannot both be set: the HorizontalPodAutoscaler owns the replica count (set autoscaling.minReplicas instead)`);
    }
    const { minReplicas, maxReplicas, cpuUtilization } = props.autoscaling;
    checkInteger(this, "autoscaling.minReplicas", minReplicas, 1, WebService.MAX_REPLICAS);
    if (!Token.isUnresolved(maxReplicas) && (!Number.isInteger(maxReplicas) || maxReplicas < minReplicas || maxReplicas > WebService.MAX_REPLICAS)) {
      throw propsError(this, `autoscaling.maxReplicas must be an integer from autoscaling.minReplicas (${minReplicas}) to ${WebService.MAX_REPLICAS}, got ${maxReplicas}`);
    }
    if (cpuUtilization !== undefined) checkInteger(this, "autoscaling.cpuUtilization", cpuUtilization, 1, 100);
    return minReplicas;
  }

  private resolveStrategy(strategy: WebServiceUpdateStrategy): DeploymentV1SpecStrategy {
    const type = (strategy as { type: string }).type;
    if (type === "Recreate") return { type };
    if (type !== "RollingUpdate") {
      throw propsError(this, `updateStrategy.type must be "RollingUpdate" or "Recreate", got "${type}"`);
    }
    const rolling = strategy as Extract<WebServiceUpdateStrategy, { type: "RollingUpdate" }>;
    const defaults = WebService.DEFAULT_UPDATE_STRATEGY as Extract<WebServiceUpdateStrategy, { type: "RollingUpdate" }>;
    const maxSurge = String(rolling.maxSurge ?? defaults.maxSurge);
    const maxUnavailable = String(rolling.maxUnavailable ?? defaults.maxUnavailable);
    for (const [field, value] of [
      ["updateStrategy.maxSurge", maxSurge],
      ["updateStrategy.maxUnavailable", maxUnavailable],
    ]) {
      const match = PERCENT_OR_COUNT.exec(value);
      if (!match || (value.endsWith("%") && Number(match[1]) > 100)) {
        throw propsError(this, `${field} must be a non-negative integer or a percentage like "25%", got "${value}"`);
      }
    }
    if (parseInt(maxSurge, 10) === 0 && parseInt(maxUnavailable, 10) === 0) {
      throw propsError(this, `updateStrategy.maxSurge and updateStrategy.maxUnavailable must not both be 0: the rollout could never replace a pod`);
    }
    return { type, rollingUpdate: { maxSurge, maxUnavailable } };
  }
}
