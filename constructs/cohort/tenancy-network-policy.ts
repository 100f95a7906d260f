import { NetworkPolicyV1, type NetworkPolicyV1Spec } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { parseIpv4Cidr } from "../core/ipv4-cidr";
import { isDnsLabel } from "../core/kubernetes-names";
import { propsError, requireProps } from "../core/validation";

/** The label Kubernetes puts on every namespace (1.21+), so a selector can name a namespace. */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/** What a tenancy's pods may reach and be reached from, besides their own namespace. */
export interface TenancyNetworkOptions {
  /**
   * Where load balancers reach pods from: ALB, and NLB with target type `ip`, connect to pod
   * addresses from their own ENIs' addresses in the VPC, so pass the subnets those ENIs live in.
   * The public subnet CIDRs admit internet-facing load balancers only; the VPC CIDR admits internal
   * ones too, but also every other pod of the VPC (VPC CNI pods have VPC addresses and `ipBlock`
   * matches them), which leaves the cross-namespace block to the sender's egress policy. With NLB
   * client IP preservation on, the source is the client: pass `"0.0.0.0/0"`.
   * @default - none: nothing outside the namespace reaches its pods (kubelet probes still do: the
   * VPC CNI network policy agent always admits the node's own address)
   */
  readonly loadBalancerSourceCidrs?: readonly string[];
  /**
   * Namespaces whose pods may connect to this namespace's pods, selected by their
   * `kubernetes.io/metadata.name` label, e.g. `["monitoring"]` for Prometheus scraping.
   * @default - none
   */
  readonly allowFromNamespaces?: readonly string[];
  /**
   * Address ranges cut out of the internet egress rule (`0.0.0.0/0` except these). Pass the VPC
   * CIDR: with the VPC CNI, pods in other namespaces (other students), nodes and internal load
   * balancers all have VPC addresses, and `ipBlock` matches pod addresses, so without this the
   * "internet" rule would reach them. Egress to the namespace itself and to DNS is allowed by
   * separate rules and is not affected.
   * @default [] (only the instance metadata address, see `blockInstanceMetadata`)
   */
  readonly clusterNetworkCidrs?: readonly string[];
  /**
   * Cut the EC2 instance metadata service (`169.254.169.254/32`) out of the internet egress rule,
   * so a pod cannot read the node role's credentials through it even where the node's hop limit allows.
   * @default true
   */
  readonly blockInstanceMetadata?: boolean;
}

export interface TenancyNetworkPolicyProps extends TenancyNetworkOptions {
  /** The namespace the policies apply to (its name; pass the namespace resource's attribute so the policies follow it). */
  readonly namespace: string;
}

/**
 * Network isolation for one tenant namespace: a default deny for both directions, then an
 * explicit allow list, one NetworkPolicy per purpose so `kubectl get networkpolicy` reads like it:
 *
 * | policy | direction | allows |
 * |---|---|---|
 * | `default-deny` | both | nothing (every pod of the namespace is isolated both ways) |
 * | `allow-same-namespace` | both | from and to pods of the same namespace |
 * | `allow-dns-egress` | egress | UDP and TCP 53 to `k8s-app: kube-dns` pods in `kube-system` |
 * | `allow-internet-egress` | egress | `0.0.0.0/0` except `clusterNetworkCidrs` and the instance metadata address |
 * | `allow-load-balancer-ingress` | ingress | from `loadBalancerSourceCidrs` (only when given) |
 * | `allow-from-namespaces` | ingress | from pods of `allowFromNamespaces` (only when given) |
 *
 * No rule names another tenant's namespace, and none is made for the Kubernetes API: its private
 * endpoint's addresses are in the VPC, so the internet rule keeps them out only when
 * `clusterNetworkCidrs` holds the VPC CIDR, and a public endpoint stays reachable through it
 * (tenant pods run without a service account token).
 */
export class TenancyNetworkPolicy extends Construct {
  public static readonly DNS_NAMESPACE = "kube-system";
  public static readonly DNS_POD_LABELS: Readonly<Record<string, string>> = { "k8s-app": "kube-dns" };
  public static readonly DNS_PORT = "53";
  public static readonly INSTANCE_METADATA_CIDR = "169.254.169.254/32";
  public static readonly ANY_IPV4 = "0.0.0.0/0";

  private readonly created: NetworkPolicyV1[] = [];
  /** Every policy, the default deny first. */
  public readonly policies: readonly NetworkPolicyV1[] = this.created;

  constructor(scope: Construct, id: string, props: TenancyNetworkPolicyProps) {
    super(scope, id);
    requireProps(this, props, ["namespace"]);
    const loadBalancerSourceCidrs = props.loadBalancerSourceCidrs ?? [];
    const allowFromNamespaces = props.allowFromNamespaces ?? [];
    const clusterNetworkCidrs = props.clusterNetworkCidrs ?? [];
    this.checkCidrs("loadBalancerSourceCidrs", loadBalancerSourceCidrs);
    this.checkCidrs("clusterNetworkCidrs", clusterNetworkCidrs);
    this.checkNamespaces(allowFromNamespaces);
    const internetExcept = [...clusterNetworkCidrs, ...((props.blockInstanceMetadata ?? true) ? [TenancyNetworkPolicy.INSTANCE_METADATA_CIDR] : [])];

    const allPods = {};
    this.policy(props.namespace, "default-deny", { podSelector: allPods, policyTypes: ["Ingress", "Egress"] });
    this.policy(props.namespace, "allow-same-namespace", {
      podSelector: allPods,
      policyTypes: ["Ingress", "Egress"],
      ingress: [{ from: [{ podSelector: allPods }] }],
      egress: [{ to: [{ podSelector: allPods }] }],
    });
    this.policy(props.namespace, "allow-dns-egress", {
      podSelector: allPods,
      policyTypes: ["Egress"],
      egress: [
        {
          // One peer with both selectors: DNS pods in kube-system, not any pod of kube-system.
          to: [
            {
              namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: TenancyNetworkPolicy.DNS_NAMESPACE } },
              podSelector: { matchLabels: { ...TenancyNetworkPolicy.DNS_POD_LABELS } },
            },
          ],
          ports: [
            { protocol: "UDP", port: TenancyNetworkPolicy.DNS_PORT },
            { protocol: "TCP", port: TenancyNetworkPolicy.DNS_PORT },
          ],
        },
      ],
    });
    this.policy(props.namespace, "allow-internet-egress", {
      podSelector: allPods,
      policyTypes: ["Egress"],
      egress: [{ to: [{ ipBlock: { cidr: TenancyNetworkPolicy.ANY_IPV4, except: internetExcept.length > 0 ? internetExcept : undefined } }] }],
    });
    if (loadBalancerSourceCidrs.length > 0) {
      this.policy(props.namespace, "allow-load-balancer-ingress", {
        podSelector: allPods,
        policyTypes: ["Ingress"],
        ingress: [{ from: loadBalancerSourceCidrs.map((cidr) => ({ ipBlock: { cidr } })) }],
      });
    }
    if (allowFromNamespaces.length > 0) {
      this.policy(props.namespace, "allow-from-namespaces", {
        podSelector: allPods,
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: "In", values: [...allowFromNamespaces] }] } }] }],
      });
    }
  }

  private policy(namespace: string, name: string, spec: NetworkPolicyV1Spec): void {
    this.created.push(new NetworkPolicyV1(this, name, { metadata: { name, namespace }, spec }));
  }

  private checkCidrs(field: string, cidrs: readonly string[]): void {
    cidrs.forEach((cidr, index) => {
      if (Token.isUnresolved(cidr)) return;
      const parsed = parseIpv4Cidr(cidr);
      if (typeof parsed === "string") throw propsError(this, `${field}[${index}] ${parsed}, got "${cidr}"`);
    });
  }

  private checkNamespaces(namespaces: readonly string[]): void {
    namespaces.forEach((namespace, index) => {
      if (Token.isUnresolved(namespace)) return;
      if (!isDnsLabel(namespace)) {
        throw propsError(this, `allowFromNamespaces[${index}] must be a namespace name (a DNS label: 1..63 lowercase letters, digits and "-", starting and ending with a letter or digit), got "${namespace}"`);
      }
    });
  }
}
