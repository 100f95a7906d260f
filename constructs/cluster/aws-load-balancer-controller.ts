import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { Release } from "@cdktf/provider-helm/lib/release";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { checkDnsLabel } from "../core/kubernetes-names";
import { checkRegion, checkWholeNumber, propsError, requireProps } from "../core/validation";
import { checkResources, type ContainerResources } from "../workloads/container-resources";
import { helmValues } from "./helm-values";
import { awsLoadBalancerControllerPolicy } from "./aws-load-balancer-controller-policy";
import { PodIdentityRole } from "./pod-identity-role";

/** Kubernetes requests and limits of the controller container. */
export type ControllerResources = ContainerResources;

/** Where the load balancers of an IngressClass are reachable from. */
export type AlbScheme = "internet-facing" | "internal";

/** The IngressClass the chart creates, with its IngressClassParams. */
export interface AlbIngressClassOptions {
  /** The IngressClass name Ingresses put in `spec.ingressClassName`. @default AwsLoadBalancerController.DEFAULT_INGRESS_CLASS ("alb") */
  readonly name?: string;
  /**
   * An IngressGroup for every Ingress of the class: they share ONE load balancer (one ALB for a
   * whole cohort instead of one per student Ingress; each Ingress adds listener rules).
   * @default - no group: one load balancer per Ingress
   */
  readonly groupName?: string;
  /** @default "internet-facing" */
  readonly scheme?: AlbScheme;
}

export interface AwsLoadBalancerControllerProps {
  /** The cluster's name (the controller tags what it creates with it). */
  readonly clusterName: string;
  /** The cluster's region. Required: with the IMDS hop limit of 1 the controller cannot discover it. */
  readonly region: string;
  /** The cluster's VPC, e.g. `EksClusterConnection.vpcId`. Required for the same reason. */
  readonly vpcId: string;
  /** The controller's IAM role name, at most 64 characters (build it with `fitName`). */
  readonly roleName: string;
  /** @default AwsLoadBalancerController.DEFAULT_CHART_VERSION */
  readonly chartVersion?: string;
  /** Controller pods (one leads, the others stand by). @default AwsLoadBalancerController.DEFAULT_REPLICAS (2) */
  readonly replicas?: number;
  /** @default - class "alb", internet-facing, no IngressGroup */
  readonly ingressClass?: AlbIngressClassOptions;
  /**
   * The controller pods' requests and limits, so the scheduler reserves room for them (the chart
   * sets none) and a leak is OOM-killed instead of starving the node.
   * @default AwsLoadBalancerController.DEFAULT_RESOURCES (requests cpu 100m / memory 128Mi, limit memory 512Mi)
   */
  readonly resources?: ControllerResources;
  /**
   * What the API server does with a new Service when the controller's mutating webhook cannot be
   * reached (controller down or not yet started). `Ignore`: the Service is created without the
   * webhook's default `loadBalancerClass`, so set the class in every LoadBalancer Service (WebService
   * does). `Fail` (the chart's default): every Service create in the cluster, ClusterIP included,
   * fails while the controller is down.
   * @default AwsLoadBalancerController.DEFAULT_SERVICE_WEBHOOK_FAILURE_POLICY ("Ignore")
   */
  readonly serviceWebhookFailurePolicy?: "Ignore" | "Fail";
  /**
   * Run the chart's validating webhook for Ingresses. The chart registers it with a fixed
   * `failurePolicy: Fail`, so while the controller is down or still starting (the release does not
   * wait for it) every Ingress create fails. Off by default: it only checks Ingress annotations,
   * which matters where many people write Ingresses; turn it on where they do.
   * @default false
   */
  readonly ingressValidationWebhook?: boolean;
  /**
   * Tags on every AWS resource the controller creates (load balancers, target groups, security
   * groups), e.g. the cohort's cost allocation tags: the AWS provider's default tags never reach them.
   * @default - none besides the controller's own
   */
  readonly defaultTags?: Readonly<Record<string, string>>;
  /**
   * More chart values, given to Helm after this construct's own: Helm merges them deeply, so a
   * key given here wins and everything else stays.
   * @default - none
   */
  readonly values?: Record<string, unknown>;
}

/**
 * The AWS Load Balancer Controller (ALBs for Ingresses, NLBs for LoadBalancer Services) as a Helm
 * release in kube-system, with its IAM through EKS Pod Identity: a {@link PodIdentityRole} with
 * the controller's upstream policy, associated with the service account the chart creates.
 *
 * `clusterName`, `region` and `vpcId` are always set: the nodes' IMDS hop limit of 1 keeps pods
 * from reading instance metadata. The chart also creates the IngressClass (and its
 * IngressClassParams with the scheme and IngressGroup) so Ingresses only name the class.
 *
 * Delete every Ingress and LoadBalancer Service before this release (and the release before the
 * VPC): the load balancers the controller made are not Terraform's and block the VPC's deletion.
 *
 * Raising `chartVersion` does not upgrade the chart's CRDs (IngressClassParams,
 * TargetGroupBinding): Helm installs `crds/` once and never upgrades it. Apply the new version's
 * CRDs first: `helm pull eks/aws-load-balancer-controller --version <new> --untar` and
 * `kubectl apply -f aws-load-balancer-controller/crds/crds.yaml`, then deploy.
 */
export class AwsLoadBalancerController extends Construct {
  /** Chart 1.13.2 installs controller v2.13.2, whose reference IAM policy this construct encodes. */
  public static readonly DEFAULT_CHART_VERSION = "1.13.2";
  public static readonly CHART = "aws-load-balancer-controller";
  public static readonly REPOSITORY = "https://aws.github.io/eks-charts";
  public static readonly NAMESPACE = "kube-system";
  public static readonly SERVICE_ACCOUNT = "aws-load-balancer-controller";
  public static readonly DEFAULT_REPLICAS = 2;
  public static readonly DEFAULT_INGRESS_CLASS = "alb";
  public static readonly DEFAULT_SCHEME: AlbScheme = "internet-facing";
  public static readonly MAX_HISTORY = 10;
  public static readonly DEFAULT_RESOURCES: Readonly<Required<ControllerResources>> = { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "512Mi" } };
  public static readonly DEFAULT_SERVICE_WEBHOOK_FAILURE_POLICY = "Ignore";

  public readonly release: Release;
  public readonly role: PodIdentityRole;
  public readonly chartVersion: string;
  public readonly ingressClassName: string;

  constructor(scope: Construct, id: string, props: AwsLoadBalancerControllerProps) {
    super(scope, id);
    requireProps(this, props, ["clusterName", "region", "vpcId", "roleName"]);
    checkResources(this, props.resources, "resources");
    this.chartVersion = props.chartVersion ?? AwsLoadBalancerController.DEFAULT_CHART_VERSION;
    const replicas = props.replicas ?? AwsLoadBalancerController.DEFAULT_REPLICAS;
    this.ingressClassName = props.ingressClass?.name ?? AwsLoadBalancerController.DEFAULT_INGRESS_CLASS;
    const scheme = props.ingressClass?.scheme ?? AwsLoadBalancerController.DEFAULT_SCHEME;
    const groupName = props.ingressClass?.groupName;
    this.check(props, replicas, scheme, groupName);

    const partition = new DataAwsPartition(this, "partition");
    this.role = new PodIdentityRole(this, "role", {
      clusterName: props.clusterName,
      namespace: AwsLoadBalancerController.NAMESPACE,
      serviceAccount: AwsLoadBalancerController.SERVICE_ACCOUNT,
      roleName: props.roleName,
      statements: awsLoadBalancerControllerPolicy(partition.partition),
    });

    const values: Record<string, unknown> = {
      clusterName: props.clusterName,
      region: props.region,
      vpcId: props.vpcId,
      replicaCount: replicas,
      resources: props.resources ?? AwsLoadBalancerController.DEFAULT_RESOURCES,
      serviceMutatorWebhookConfig: { failurePolicy: props.serviceWebhookFailurePolicy ?? AwsLoadBalancerController.DEFAULT_SERVICE_WEBHOOK_FAILURE_POLICY },
      webhookConfig: { disableIngressValidation: !(props.ingressValidationWebhook ?? false) },
      ...(props.defaultTags && Object.keys(props.defaultTags).length > 0 ? { defaultTags: { ...props.defaultTags } } : {}),
      // A node drain (node group update) evicts one controller at a time.
      ...(replicas > 1 ? { podDisruptionBudget: { maxUnavailable: 1 } } : {}),
      // The chart creates the service account; Pod Identity needs no annotation on it.
      serviceAccount: { create: true, name: AwsLoadBalancerController.SERVICE_ACCOUNT },
      createIngressClassResource: true,
      ingressClass: this.ingressClassName,
      ingressClassParams: {
        create: true,
        name: this.ingressClassName,
        spec: { scheme, ...(groupName ? { group: { name: groupName } } : {}) },
      },
    };
    this.release = new Release(this, "release", {
      name: AwsLoadBalancerController.CHART,
      chart: AwsLoadBalancerController.CHART,
      repository: AwsLoadBalancerController.REPOSITORY,
      version: this.chartVersion,
      namespace: AwsLoadBalancerController.NAMESPACE,
      values: [helmValues(values), ...(props.values ? [helmValues(props.values)] : [])],
      // No waiting on pods: a controller that cannot start (no room on the nodes, image pull)
      // would hold the apply for the whole timeout and then fail it; `kubectl -n kube-system get
      // deploy aws-load-balancer-controller` shows its state instead.
      wait: false,
      maxHistory: AwsLoadBalancerController.MAX_HISTORY,
      // The controller must never start without credentials (it would fail its first reconciles).
      dependsOn: this.role.association ? [this.role.association] : [],
    });
  }

  private check(props: AwsLoadBalancerControllerProps, replicas: number, scheme: AlbScheme, groupName: string | undefined): void {
    const policy = props.serviceWebhookFailurePolicy;
    if (policy !== undefined && policy !== "Ignore" && policy !== "Fail") {
      throw propsError(this, `serviceWebhookFailurePolicy must be "Ignore" or "Fail", got "${policy}"`);
    }
    checkWholeNumber(this, "replicas", replicas, 1);
    checkRegion(this, "region", props.region);
    if (!Token.isUnresolved(props.vpcId) && !/^vpc-[0-9a-f]{8,17}$/.test(props.vpcId)) {
      throw propsError(this, `vpcId must be a VPC id like "vpc-0123456789abcdef0", got "${props.vpcId}"`);
    }
    if (props.chartVersion !== undefined && !/^\d+\.\d+\.\d+$/.test(props.chartVersion)) {
      throw propsError(this, `chartVersion must be an exact chart version like "${AwsLoadBalancerController.DEFAULT_CHART_VERSION}" (no ranges: the IAM policy must match it), got "${props.chartVersion}"`);
    }
    checkDnsLabel(this, "ingressClass.name", this.ingressClassName);
    if (scheme !== "internet-facing" && scheme !== "internal") {
      throw propsError(this, `ingressClass.scheme must be "internet-facing" or "internal", got "${scheme}"`);
    }
    if (groupName !== undefined && !/^[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?$/.test(groupName)) {
      throw propsError(
        this,
        `ingressClass.groupName must be 1..63 lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, got "${groupName}"`,
      );
    }
  }
}
