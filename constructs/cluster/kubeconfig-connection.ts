import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { propsError, requireProps } from "../core/validation";

export interface KubeconfigConnectionProps {
  /** The kubeconfig file, e.g. `~/.kube/config` (Terraform expands `~`), read when Terraform runs. */
  readonly configPath: string;
  /** The kubeconfig context to use. @default - the file's current context */
  readonly context?: string;
  /** An alias for both providers, as in `EksClusterConnection`. @default - the stack's default providers */
  readonly providerAlias?: string;
}

/**
 * The Kubernetes and Helm providers of a stack from a kubeconfig file: for a cluster that is not
 * the cohort's EKS cluster (kind, minikube, k3d, or the e2e test's local API server). The
 * counterpart of {@link EksClusterConnection}; the stacks take either.
 */
export class KubeconfigConnection extends Construct {
  public readonly kubernetesProvider: KubernetesProvider;
  public readonly helmProvider: HelmProvider;
  public readonly configPath: string;
  public readonly context?: string;

  constructor(scope: Construct, id: string, props: KubeconfigConnectionProps) {
    super(scope, id);
    requireProps(this, props, ["configPath"]);
    if (!Token.isUnresolved(props.configPath) && props.configPath.trim() === "") {
      throw propsError(this, `configPath must name a kubeconfig file like "~/.kube/config", got "${props.configPath}"`);
    }
    if (props.providerAlias !== undefined && !/^[A-Za-z_][A-Za-z0-9_-]*$/.test(props.providerAlias)) {
      throw propsError(this, `providerAlias must be a Terraform name (letters, digits, "_" and "-", starting with a letter or "_"), got "${props.providerAlias}"`);
    }
    this.configPath = props.configPath;
    this.context = props.context;
    this.kubernetesProvider = new KubernetesProvider(this, "kubernetes", { alias: props.providerAlias, configPath: props.configPath, configContext: props.context });
    this.helmProvider = new HelmProvider(this, "helm", { alias: props.providerAlias, kubernetes: { configPath: props.configPath, configContext: props.context } });
  }
}
