import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { Release } from "@cdktf/provider-helm/lib/release";
import type { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { Construct } from "constructs";
import { helmValues } from "../cluster/helm-values";
import { platformNamespace } from "../cluster/platform-namespace";
import { PodIdentityRole } from "../cluster/pod-identity-role";
import { checkDnsLabel } from "../core/kubernetes-names";
import { checkRegion, propsError, requireProps } from "../core/validation";
import { HELM_CHARTS } from "../data/helm-charts";
import type { ComponentResources } from "../monitoring/cluster-monitoring";
import { checkResources } from "../workloads/container-resources";
import { fluentBitPipeline, PLATFORM_LOG_LEVELS, type PlatformLogLevel } from "./fluent-bit-config";

/** The log group names of one cluster's container logs. */
export class ContainerLogGroupNames {
  public readonly clusterName: string;

  constructor(clusterName: string) {
    this.clusterName = clusterName;
  }

  /** Every group of the cluster starts with this: `/eks/<cluster>/`. */
  public get prefix(): string {
    return `/eks/${this.clusterName}/`;
  }

  /** `/eks/<cluster>/namespaces/`: a tenant namespace's group is this plus the namespace. */
  public get namespacePrefix(): string {
    return `${this.prefix}namespaces/`;
  }

  public namespace(namespace: string): string {
    return `${this.namespacePrefix}${namespace}`;
  }

  /** `/eks/<cluster>/platform`: the platform's namespaces, and any line whose namespace is unknown. */
  public get platform(): string {
    return `${this.prefix}platform`;
  }
}

export interface ContainerLogShippingProps {
  /** The EKS cluster (the Pod Identity association's, and the log group names'). */
  readonly clusterName: string;
  readonly region: string;
  /** Each ships to `/eks/<cluster>/namespaces/<namespace>`, which must exist (see {@link TenantLogGroup}). */
  readonly tenantNamespaces: readonly string[];
  /** Ship to `/eks/<cluster>/platform`, which must exist. */
  readonly platformNamespaces: readonly string[];
  /** @default "warnings" */
  readonly platformLogs?: PlatformLogLevel;
  /** @default true */
  readonly dropDebugLines?: boolean;
  /** The IAM role's name, at most 64 characters. */
  readonly roleName: string;
  /** @default ContainerLogShipping.DEFAULT_NAMESPACE ("logging") */
  readonly namespace?: string;
  /** @default ContainerLogShipping.DEFAULT_RESOURCES */
  readonly resources?: ComponentResources;
  /** `app.kubernetes.io/part-of` on the namespace. @default - none */
  readonly partOf?: string;
}

/**
 * Container logs to CloudWatch Logs: Fluent Bit (the upstream chart, pinned in `HELM_CHARTS`) as a
 * DaemonSet on every node, tainted ones included, reading `/var/log/containers` and sending each
 * tenant namespace's lines to its own log group and the platform's namespaces' to one group.
 *
 * Groups are never created here (`auto_create_group` off): Terraform creates them with retention.
 * The role (EKS Pod Identity) may only create streams and put events in the groups under
 * `/eks/<cluster>/`. A line whose namespace cannot be read goes to the platform group. Lines are
 * shipped without pod labels and annotations (ingestion is what costs); a pod annotated
 * `fluentbit.io/exclude: "true"` is not shipped.
 *
 * The namespace enforces the `privileged` Pod Security level: Fluent Bit reads the node's log
 * files through a hostPath volume.
 */
export class ContainerLogShipping extends Construct {
  public static readonly DEFAULT_NAMESPACE = "logging";
  public static readonly RELEASE_NAME = "fluent-bit";
  public static readonly SERVICE_ACCOUNT = "fluent-bit";
  public static readonly DEFAULT_RESOURCES: ComponentResources = { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } };
  public static readonly MAX_HISTORY = 5;

  public readonly namespace: string;
  public readonly namespaceResource: NamespaceV1;
  public readonly role: PodIdentityRole;
  public readonly release: Release;
  public readonly logGroupNames: ContainerLogGroupNames;

  constructor(scope: Construct, id: string, props: ContainerLogShippingProps) {
    super(scope, id);
    requireProps(this, props, ["clusterName", "region", "tenantNamespaces", "platformNamespaces", "roleName"]);
    checkResources(this, props.resources, "resources");
    checkRegion(this, "region", props.region);
    const platformLogs = props.platformLogs ?? "warnings";
    if (!PLATFORM_LOG_LEVELS.includes(platformLogs)) throw propsError(this, `platformLogs must be one of ${PLATFORM_LOG_LEVELS.join(", ")}, got "${platformLogs}"`);
    const namespace = props.namespace ?? ContainerLogShipping.DEFAULT_NAMESPACE;
    checkDnsLabel(this, "namespace", namespace);
    [...props.tenantNamespaces, ...props.platformNamespaces].forEach((ns, index) => checkDnsLabel(this, `namespaces[${index}]`, ns));
    const overlap = props.tenantNamespaces.filter((ns) => props.platformNamespaces.includes(ns));
    if (overlap.length > 0) throw propsError(this, `a namespace is either a tenant's or the platform's, got ${overlap.join(", ")} in both`);
    this.logGroupNames = new ContainerLogGroupNames(props.clusterName);

    this.namespaceResource = platformNamespace(this, "namespace", namespace, "privileged", props.partOf);
    this.namespace = this.namespaceResource.metadata.name;

    const account = new DataAwsCallerIdentity(this, "account");
    const partition = new DataAwsPartition(this, "partition");
    this.role = new PodIdentityRole(this, "role", {
      clusterName: props.clusterName,
      namespace,
      serviceAccount: ContainerLogShipping.SERVICE_ACCOUNT,
      roleName: props.roleName,
      statements: [
        {
          sid: "WriteContainerLogs",
          actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
          resources: [`arn:${partition.partition}:logs:${props.region}:${account.accountId}:log-group:${this.logGroupNames.prefix}*:log-stream:*`],
        },
      ],
    });

    const pipeline = fluentBitPipeline({
      region: props.region,
      tenantNamespaces: props.tenantNamespaces,
      tenantLogGroupPrefix: this.logGroupNames.namespacePrefix,
      platformNamespaces: props.platformNamespaces,
      platformLogGroup: this.logGroupNames.platform,
      platformLogs: props.platformLogs,
      dropDebugLines: props.dropDebugLines,
    });
    this.release = new Release(this, "release", {
      name: ContainerLogShipping.RELEASE_NAME,
      chart: HELM_CHARTS.fluentBit.chart,
      repository: HELM_CHARTS.fluentBit.repository,
      version: HELM_CHARTS.fluentBit.version,
      namespace: this.namespace,
      values: [
        helmValues({
          serviceAccount: { create: true, name: ContainerLogShipping.SERVICE_ACCOUNT },
          resources: props.resources ?? ContainerLogShipping.DEFAULT_RESOURCES,
          // Every node, spot and tainted ones too: their pods log as well.
          tolerations: [{ operator: "Exists" }],
          // The chart's `helm test` pod pulls busybox:latest; nothing here runs it.
          testFramework: { enabled: false },
          config: pipeline,
        }),
      ],
      // No waiting on the DaemonSet's pods (see ClusterMonitoring); they start with credentials, as
      // the association exists first.
      wait: false,
      maxHistory: ContainerLogShipping.MAX_HISTORY,
      dependsOn: this.role.association ? [this.role.association] : undefined,
    });
  }
}
