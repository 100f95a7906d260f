import { Construct } from "constructs";
import type { ContainerResources } from "../workloads/container-resources";
import { WebService, type WebServiceAutoscaling } from "../workloads/web-service";
import { requireProps } from "../core/validation";

export interface HelloNodeLabProps {
  /** The student's namespace. */
  readonly namespace: string;
  /**
   * The first image. After creation the student's CI rolls out their own image
   * (`kubectl set image deployment/hello-node hello-node=<repository>:<tag>`), and Terraform leaves
   * the image alone from then on.
   * @default HelloNodeLab.DEFAULT_IMAGE
   */
  readonly image?: string;
  /** `app.kubernetes.io/part-of`. @default - no label */
  readonly partOf?: string;
  /** Ignored with `autoscaling` (the HPA owns the count). @default HelloNodeLab.DEFAULT_REPLICAS (4, as in the study jam) */
  readonly replicas?: number;
  /**
   * Route `path` (and everything under it) of the cohort's shared ALB to hello-node.
   * @default - no Ingress: reach it with `kubectl port-forward`
   */
  readonly ingressPath?: string;
  /**
   * The ALB IngressGroup the route joins (`alb.ingress.kubernetes.io/group.name`), with `ingressPath`.
   * @default - the IngressClass's group, or an ALB of its own
   */
  readonly ingressGroupName?: string;
  /** A HorizontalPodAutoscaler on CPU. @default - a fixed replica count */
  readonly autoscaling?: WebServiceAutoscaling;
}

/**
 * The study jam's hello-node: a small HTTP server on port 8080 as a {@link WebService} named
 * `hello-node`, with a ClusterIP Service, optionally behind the shared ALB and autoscaled. The
 * rolling-update exercise: change the image tag and watch the pods replace one by one
 * (maxUnavailable 0, so the service never drops).
 */
export class HelloNodeLab extends Construct {
  /** Google's hello-app answers any path on 8080 with its version and pod name; 2.0 is the next tag for the rolling update. */
  public static readonly DEFAULT_IMAGE = "us-docker.pkg.dev/google-samples/containers/gke/hello-app:1.0";
  public static readonly DEFAULT_REPLICAS = 4;
  public static readonly NAME = "hello-node";
  public static readonly CONTAINER_PORT = 8080;
  /**
   * Small on purpose: eight replicas (autoscaled) and a surge pod must fit a student's default
   * quota (2 CPU, limits 4) beside the other labs. 100m is twice the request, enough for the
   * autoscaling exercise to push utilisation past the target.
   */
  public static readonly RESOURCES: ContainerResources = { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "100m", memory: "128Mi" } };

  public readonly service: WebService;

  constructor(scope: Construct, id: string, props: HelloNodeLabProps) {
    super(scope, id);
    requireProps(this, props, ["namespace"]);
    this.service = new WebService(this, "app", {
      name: HelloNodeLab.NAME,
      namespace: props.namespace,
      image: props.image ?? HelloNodeLab.DEFAULT_IMAGE,
      partOf: props.partOf,
      replicas: props.autoscaling ? undefined : (props.replicas ?? HelloNodeLab.DEFAULT_REPLICAS),
      containerPort: HelloNodeLab.CONTAINER_PORT,
      env: { PORT: String(HelloNodeLab.CONTAINER_PORT) },
      probe: { http: { path: "/" } },
      resources: HelloNodeLab.RESOURCES,
      ignoreImageChanges: true,
      autoscaling: props.autoscaling,
      ingress: props.ingressPath === undefined ? undefined : { path: props.ingressPath, groupName: props.ingressGroupName },
    });
  }
}
