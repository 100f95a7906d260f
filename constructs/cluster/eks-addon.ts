import { DataAwsEksAddonVersion } from "@cdktf/provider-aws/lib/data-aws-eks-addon-version";
import { EksAddon as EksAddonResource } from "@cdktf/provider-aws/lib/eks-addon";
import { Fn, Token, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { isDnsSubdomain } from "../core/kubernetes-names";
import { propsError, requireProps } from "../core/validation";

/** What EKS does with fields of the add-on's objects that someone changed by hand, at creation. */
export type AddonConflictResolutionOnCreate = "OVERWRITE" | "NONE";
/** The same at update; `PRESERVE` keeps the hand-made changes. */
export type AddonConflictResolutionOnUpdate = "OVERWRITE" | "NONE" | "PRESERVE";

/** A pod identity association the add-on creates for one of its service accounts. */
export interface AddonPodIdentityAssociation {
  /** The add-on's service account, e.g. `ebs-csi-controller-sa`. */
  readonly serviceAccount: string;
  /** A role trusting `pods.eks.amazonaws.com`, e.g. `PodIdentityRole.roleArn`. */
  readonly roleArn: string;
}

/** An add-on without its cluster: what `EksCluster` takes per add-on. */
export interface EksAddonOptions {
  /** The add-on's name, e.g. `EksAddon.VPC_CNI`. */
  readonly addonName: string;
  /**
   * A literal version (`v1.20.4-eksbuild.2`), or `EksAddon.LATEST` ("latest") for the newest
   * version for the cluster's Kubernetes version.
   * @default - the version EKS marks as default for the cluster's Kubernetes version (looked up;
   * it moves only when the cluster is upgraded, so plans stay stable, unlike "latest"); for the
   * community add-ons (`EksAddon.COMMUNITY_ADDONS`), which have no default version, the newest
   */
  readonly addonVersion?: string;
  /**
   * The add-on's configuration (its `describe-addon-configuration` schema), encoded as JSON, e.g.
   * `EksAddon.vpcCniNetworkPolicyConfiguration()`.
   * @default - the add-on's defaults
   */
  readonly configurationValues?: Record<string, unknown>;
  /** @default - none */
  readonly podIdentityAssociations?: readonly AddonPodIdentityAssociation[];
  /**
   * @default EksAddon.DEFAULT_RESOLVE_CONFLICTS ("OVERWRITE"): the platform owns the add-on's
   * configuration, hand-made changes to its objects are replaced
   */
  readonly resolveConflictsOnCreate?: AddonConflictResolutionOnCreate;
  /** @default EksAddon.DEFAULT_RESOLVE_CONFLICTS ("OVERWRITE") */
  readonly resolveConflictsOnUpdate?: AddonConflictResolutionOnUpdate;
  /**
   * Leave the add-on's software running in the cluster when the add-on is deleted.
   * @default false: deleting the add-on removes its software
   */
  readonly preserve?: boolean;
}

export interface EksAddonProps extends EksAddonOptions {
  readonly clusterName: string;
  /** The cluster's Kubernetes version (`"1.33"`), for the version look-up. */
  readonly kubernetesVersion: string;
  /** What must exist first, e.g. the node groups for coredns (its pods need nodes). @default - none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * An EKS managed add-on with its version resolved for the cluster's Kubernetes version (or pinned),
 * conflicts overwritten, configuration as typed values, and pod identity associations.
 */
export class EksAddon extends Construct {
  public static readonly VPC_CNI = "vpc-cni";
  public static readonly POD_IDENTITY_AGENT = "eks-pod-identity-agent";
  public static readonly COREDNS = "coredns";
  public static readonly KUBE_PROXY = "kube-proxy";
  public static readonly EBS_CSI_DRIVER = "aws-ebs-csi-driver";
  public static readonly METRICS_SERVER = "metrics-server";
  /**
   * EKS community add-ons: AWS marks no version of them as the default, so a look-up of the
   * default returns nothing and the plan fails (terraform-aws-eks issues 2731 and 2855 show it
   * for other add-ons). Their default is the newest version instead.
   */
  public static readonly COMMUNITY_ADDONS: readonly string[] = [
    "metrics-server",
    "kube-state-metrics",
    "prometheus-node-exporter",
    "cert-manager",
    "external-dns",
    "fluent-bit",
  ];
  /** `addonVersion` for the newest version for the cluster's Kubernetes version. */
  public static readonly LATEST = "latest";
  public static readonly DEFAULT_RESOLVE_CONFLICTS = "OVERWRITE";

  /**
   * vpc-cni configuration values that turn on its network policy agent, so that Kubernetes
   * NetworkPolicies are enforced (`"true"` is a string in the add-on's schema). Standard mode: a
   * new pod's traffic is allowed until its policies are in place.
   */
  public static vpcCniNetworkPolicyConfiguration(): Record<string, unknown> {
    return { enableNetworkPolicy: "true" };
  }

  public readonly addon: EksAddonResource;
  public readonly addonName: string;
  /** The literal version, or the looked-up one (a token). */
  public readonly addonVersion: string;

  constructor(scope: Construct, id: string, props: EksAddonProps) {
    super(scope, id);
    requireProps(this, props, ["clusterName", "kubernetesVersion", "addonName"]);
    if (!Token.isUnresolved(props.addonName) && !/^[a-z0-9][a-z0-9._-]*$/.test(props.addonName)) {
      throw propsError(this, `addonName must be an EKS add-on name like "vpc-cni" (lowercase letters, digits, ".", "_" and "-"), got "${props.addonName}"`);
    }
    if (props.addonVersion !== undefined && !Token.isUnresolved(props.addonVersion) && !/^\S+$/.test(props.addonVersion)) {
      throw propsError(this, `addonVersion must be a version like "v1.20.4-eksbuild.2" or "latest", got "${props.addonVersion}"`);
    }
    if (!Token.isUnresolved(props.kubernetesVersion) && !/^\d+\.\d+$/.test(props.kubernetesVersion)) {
      throw propsError(this, `kubernetesVersion must be "<major>.<minor>" like "1.33", got "${props.kubernetesVersion}"`);
    }
    const onCreate = props.resolveConflictsOnCreate ?? EksAddon.DEFAULT_RESOLVE_CONFLICTS;
    if (!["OVERWRITE", "NONE"].includes(onCreate)) {
      throw propsError(this, `resolveConflictsOnCreate must be "OVERWRITE" or "NONE" (PRESERVE is only valid on update), got "${onCreate}"`);
    }
    const onUpdate = props.resolveConflictsOnUpdate ?? EksAddon.DEFAULT_RESOLVE_CONFLICTS;
    if (!["OVERWRITE", "NONE", "PRESERVE"].includes(onUpdate)) {
      throw propsError(this, `resolveConflictsOnUpdate must be "OVERWRITE", "NONE" or "PRESERVE", got "${onUpdate}"`);
    }
    const associations = props.podIdentityAssociations ?? [];
    this.checkAssociations(associations);

    this.addonName = props.addonName;
    this.addonVersion = this.resolveVersion(props);
    this.addon = new EksAddonResource(this, "addon", {
      clusterName: props.clusterName,
      addonName: props.addonName,
      addonVersion: this.addonVersion,
      resolveConflictsOnCreate: onCreate,
      resolveConflictsOnUpdate: onUpdate,
      configurationValues: props.configurationValues ? Fn.jsonencode(props.configurationValues) : undefined,
      podIdentityAssociation: associations.length > 0 ? associations.map(({ serviceAccount, roleArn }) => ({ serviceAccount, roleArn })) : undefined,
      preserve: props.preserve ?? false,
      dependsOn: props.dependsOn,
    });
  }

  private resolveVersion(props: EksAddonProps): string {
    if (props.addonVersion !== undefined && props.addonVersion !== EksAddon.LATEST) return props.addonVersion;
    const newest = props.addonVersion === EksAddon.LATEST || EksAddon.COMMUNITY_ADDONS.includes(props.addonName);
    const lookup = new DataAwsEksAddonVersion(this, "version", {
      addonName: props.addonName,
      kubernetesVersion: props.kubernetesVersion,
      // false: the version EKS marks as default for this Kubernetes version.
      mostRecent: newest,
    });
    return lookup.version;
  }

  private checkAssociations(associations: readonly AddonPodIdentityAssociation[]): void {
    const seen = new Set<string>();
    associations.forEach(({ serviceAccount }, index) => {
      if (Token.isUnresolved(serviceAccount)) return;
      if (!isDnsSubdomain(serviceAccount)) {
        throw propsError(this, `podIdentityAssociations[${index}].serviceAccount must be a Kubernetes name (lowercase letters, digits, "." and "-"), got "${serviceAccount}"`);
      }
      if (seen.has(serviceAccount)) {
        throw propsError(this, `podIdentityAssociations[${index}].serviceAccount "${serviceAccount}" is listed twice; a service account has one role`);
      }
      seen.add(serviceAccount);
    });
  }
}
