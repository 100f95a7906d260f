import { DataAwsEksCluster } from "@cdktf/provider-aws/lib/data-aws-eks-cluster";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Fn, Token } from "cdktf";
import { Construct } from "constructs";
import { AwsNameLimit } from "../core/resource-name";
import { checkRegion, propsError, requireProps } from "../core/validation";

export interface EksClusterConnectionProps {
  /**
   * The cluster's name, a literal known at synth time (the name the cluster stack gave it). Not a
   * token from another stack: that would become a remote-state output that fails until the
   * cluster stack is deployed.
   */
  readonly clusterName: string;
  /** The cluster's AWS region, a literal like "ap-northeast-2" (the `aws eks get-token` call needs it). */
  readonly region: string;
  /**
   * An alias for both providers, for a stack that talks to more than one cluster; resources then
   * pick the providers with `provider: connection.kubernetesProvider`.
   * @default - the stack's default Kubernetes and Helm providers
   */
  readonly providerAlias?: string;
}

/**
 * The one way to configure the Kubernetes and Helm providers of a stack from a cluster's NAME:
 * it looks the cluster up (`DataAwsEksCluster`), takes host and CA from it, and authenticates
 * through the `exec` plugin (`aws eks get-token --cluster-name <name> --region <region>`).
 *
 * Unlike the other constructs of this library it creates providers: that is its purpose. The
 * cluster must already exist when this stack plans: deploy the cluster's stack first and declare
 * it with `stack.addDependency(clusterStack)`. The machine that runs Terraform needs the AWS CLI
 * (v2) and credentials that an EKS access entry admits.
 */
export class EksClusterConnection extends Construct {
  /** The `client.authentication.k8s.io` version `aws eks get-token` prints. */
  public static readonly EXEC_API_VERSION = "client.authentication.k8s.io/v1beta1";

  public readonly kubernetesProvider: KubernetesProvider;
  public readonly helmProvider: HelmProvider;
  /** The looked-up cluster. */
  public readonly cluster: DataAwsEksCluster;
  /** The literal name the connection was made with. */
  public readonly clusterName: string;
  public readonly region: string;
  /** The API server's URL. */
  public readonly endpoint: string;
  /** The VPC the cluster runs in (from its `vpc_config`), e.g. for the load balancer controller. */
  public readonly vpcId: string;
  /** The security group EKS created for the control plane and managed nodes. */
  public readonly clusterSecurityGroupId: string;

  constructor(scope: Construct, id: string, props: EksClusterConnectionProps) {
    super(scope, id);
    requireProps(this, props, ["clusterName", "region"]);
    this.checkClusterName(props.clusterName);
    this.checkRegion(props.region);
    if (props.providerAlias !== undefined) this.checkAlias(props.providerAlias);

    this.clusterName = props.clusterName;
    this.region = props.region;
    this.cluster = new DataAwsEksCluster(this, "cluster", { name: props.clusterName, region: props.region });
    this.endpoint = this.cluster.endpoint;
    const vpcConfig = this.cluster.vpcConfig.get(0);
    this.vpcId = vpcConfig.vpcId;
    this.clusterSecurityGroupId = vpcConfig.clusterSecurityGroupId;

    const clusterCaCertificate = Fn.base64decode(this.cluster.certificateAuthority.get(0).data);
    // A fresh token on every provider call through the exec plugin. Never an aws_eks_cluster_auth
    // data source: its token is read once at plan time and expires after 15 minutes, in the middle
    // of a long apply (a Helm release waiting for its pods).
    const exec = {
      apiVersion: EksClusterConnection.EXEC_API_VERSION,
      command: "aws",
      args: EksClusterConnection.getTokenArgs(props.clusterName, props.region),
    };
    this.kubernetesProvider = new KubernetesProvider(this, "kubernetes", {
      alias: props.providerAlias,
      host: this.endpoint,
      clusterCaCertificate,
      exec: [exec],
    });
    this.helmProvider = new HelmProvider(this, "helm", {
      alias: props.providerAlias,
      kubernetes: { host: this.endpoint, clusterCaCertificate, exec },
    });
  }

  /** The arguments after `aws`: `eks get-token --cluster-name <name> --region <region> --output json`. */
  public static getTokenArgs(clusterName: string, region: string): string[] {
    return ["eks", "get-token", "--cluster-name", clusterName, "--region", region, "--output", "json"];
  }

  private checkClusterName(name: string): void {
    if (Token.isUnresolved(name)) {
      throw propsError(
        this,
        `clusterName must be a literal known at synth time, got the token "${name}": pass names, not tokens, across stacks (a token from the cluster's stack becomes a remote-state output that fails until that stack is deployed)`,
      );
    }
    if (name.length > AwsNameLimit.EKS_CLUSTER || !/^[0-9A-Za-z][A-Za-z0-9_-]*$/.test(name)) {
      throw propsError(this, `clusterName must be 1..100 letters, digits, "-" and "_", starting with a letter or digit, got "${name}"`);
    }
  }

  private checkRegion(region: string): void {
    checkRegion(this, "region", region, { literal: true });
  }

  private checkAlias(alias: string): void {
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(alias)) {
      throw propsError(this, `providerAlias must be a Terraform name (letters, digits, "_" and "-", starting with a letter or "_"), got "${alias}"`);
    }
  }
}
