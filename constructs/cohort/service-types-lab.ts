import { Construct } from "constructs";
import type { ContainerResources } from "../workloads/container-resources";
import { ExternalNameService } from "../workloads/external-name-service";
import type { LoadBalancerScheme } from "../workloads/web-service-exposure";
import { WebService } from "../workloads/web-service";
import { requireProps } from "../core/validation";

export interface ServiceTypesLabProps {
  /** The student's namespace. */
  readonly namespace: string;
  /** `app.kubernetes.io/part-of`. @default - no label */
  readonly partOf?: string;
  /**
   * Add the LoadBalancer Service (an NLB, billed by the hour; needs the AWS Load Balancer Controller
   * and a quota of at least one load balancer).
   * @default - no LoadBalancer Service
   */
  readonly loadBalancer?: { readonly scheme: LoadBalancerScheme };
  /** Where the ExternalName Service points (a DNS CNAME). @default ServiceTypesLab.DEFAULT_EXTERNAL_NAME */
  readonly externalName?: string;
  /** @default ServiceTypesLab.DEFAULT_IMAGE */
  readonly image?: string;
}

/**
 * The four Service types side by side over ONE set of pods (labels and selectors group pods):
 * an `echo` Deployment that answers every request with its pod name (agnhost `serve-hostname`,
 * which has no other endpoints: no shell, upload or proxy), and the Services `echo` (ClusterIP),
 * `echo-nodeport` (NodePort, a random port in 30000-32767), `echo-sticky` (ClusterIP with ClientIP
 * session affinity: repeated calls reach the same pod), `echo-lb` (LoadBalancer, optional) and
 * `echo-external` (ExternalName, a DNS alias with no pods).
 */
export class ServiceTypesLab extends Construct {
  /**
   * agnhost's `serve-hostname` answers any path with the pod name, which makes affinity visible.
   * Not `netexec`: it also serves `/shell?cmd=` (a remote shell), `/upload`, `/dial` and `/exit`.
   */
  public static readonly DEFAULT_IMAGE = "registry.k8s.io/e2e-test-images/agnhost:2.66.1";
  public static readonly ARGS: readonly string[] = ["serve-hostname", "--http", "--port=8080"];
  public static readonly DEFAULT_EXTERNAL_NAME = "example.com";
  public static readonly NAME = "echo";
  public static readonly REPLICAS = 2;
  public static readonly RESOURCES: ContainerResources = { requests: { cpu: "50m", memory: "32Mi" }, limits: { cpu: "200m", memory: "64Mi" } };

  public readonly echo: WebService;
  public readonly nodePort: WebService["service"];
  public readonly sticky: WebService["service"];
  public readonly loadBalancer?: WebService["service"];
  public readonly externalName: ExternalNameService;

  constructor(scope: Construct, id: string, props: ServiceTypesLabProps) {
    super(scope, id);
    requireProps(this, props, ["namespace"]);
    this.echo = new WebService(this, "echo", {
      name: ServiceTypesLab.NAME,
      namespace: props.namespace,
      image: props.image ?? ServiceTypesLab.DEFAULT_IMAGE,
      partOf: props.partOf,
      replicas: ServiceTypesLab.REPLICAS,
      args: ServiceTypesLab.ARGS,
      probe: { http: { path: "/" } },
      resources: ServiceTypesLab.RESOURCES,
    });
    this.nodePort = this.echo.addService("nodeport", { name: `${ServiceTypesLab.NAME}-nodeport`, service: { type: "NodePort" } });
    this.sticky = this.echo.addService("sticky", { name: `${ServiceTypesLab.NAME}-sticky`, sessionAffinity: { type: "ClientIP" } });
    if (props.loadBalancer) {
      this.loadBalancer = this.echo.addService("load-balancer", { name: `${ServiceTypesLab.NAME}-lb`, service: { type: "LoadBalancer", scheme: props.loadBalancer.scheme } });
    }
    this.externalName = new ExternalNameService(this, "external", {
      name: `${ServiceTypesLab.NAME}-external`,
      namespace: props.namespace,
      externalName: props.externalName ?? ServiceTypesLab.DEFAULT_EXTERNAL_NAME,
      partOf: props.partOf,
    });
  }
}
