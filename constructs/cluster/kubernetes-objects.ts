import * as fs from "fs";
import * as path from "path";
import { Release } from "@cdktf/provider-helm/lib/release";
import { AssetType, TerraformAsset, Token, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { checkDnsLabel } from "../core/kubernetes-names";
import { propsError, requireProps } from "../core/validation";

/** A whole Kubernetes object as the API takes it. */
export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

export interface KubernetesObjectsProps {
  /** The Helm release's name, a DNS label unique in `namespace`. */
  readonly releaseName: string;
  /** Where Helm keeps the release record; namespaced objects without `metadata.namespace` land here too. */
  readonly namespace: string;
  /** The objects, in the order Helm should see them. */
  readonly objects: readonly KubernetesObject[];
  /**
   * What must exist first, typically the release that installs the CRDs these objects are
   * instances of.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Kubernetes objects that have no typed Terraform resource (custom resources, admission policies),
 * installed as a Helm release of a one-template chart shipped with this package, whose template
 * prints `.Values.objects`.
 *
 * Why not `kubernetes_manifest`: it asks the API server for the object's schema at plan time, so a
 * CRD and its objects cannot be planned in one apply, and a plan fails whenever the cluster is
 * unreachable. Helm reads nothing at plan time; the objects' release waits for the CRDs' release
 * through `dependsOn`. CRDs themselves go in a release of their own (Helm installs a chart's
 * `crds/` once and never upgrades it). Helm stores each release in a Secret of at most 1 MiB, so
 * one release takes at most {@link KubernetesObjects.MAX_VALUES_BYTES} of objects: split larger sets
 * (one release per student, for example).
 */
export class KubernetesObjects extends Construct {
  /** Far below Helm's 1 MiB release Secret, which also holds the rendered manifest and history. */
  public static readonly MAX_VALUES_BYTES = 256 * 1024;
  public static readonly MAX_HISTORY = 3;
  /** The chart's directory in this package. */
  public static readonly CHART_DIRECTORY = locateChart();

  public readonly release: Release;
  public readonly releaseName: string;

  constructor(scope: Construct, id: string, props: KubernetesObjectsProps) {
    super(scope, id);
    requireProps(this, props, ["releaseName", "namespace", "objects"]);
    checkDnsLabel(this, "releaseName", props.releaseName);
    checkDnsLabel(this, "namespace", props.namespace);
    if (props.objects.length === 0) throw propsError(this, "objects must list at least one object");
    props.objects.forEach((object, index) => this.checkObject(object, index));
    const values = JSON.stringify({ objects: props.objects });
    if (!Token.isUnresolved(values) && Buffer.byteLength(values) > KubernetesObjects.MAX_VALUES_BYTES) {
      throw propsError(
        this,
        `objects must take at most ${KubernetesObjects.MAX_VALUES_BYTES} bytes as JSON (Helm keeps a release in one Secret of at most 1 MiB); split them over several KubernetesObjects, got ${Buffer.byteLength(values)}`,
      );
    }

    // Copied into the stack's output directory; the release refers to it by a path relative to the stack.
    const chart = new TerraformAsset(this, "chart", { path: KubernetesObjects.CHART_DIRECTORY, type: AssetType.DIRECTORY });
    this.releaseName = props.releaseName;
    this.release = new Release(this, "release", {
      name: props.releaseName,
      namespace: props.namespace,
      chart: chart.path,
      values: [values],
      // Nothing here starts pods; there is nothing to wait for.
      wait: false,
      maxHistory: KubernetesObjects.MAX_HISTORY,
      dependsOn: props.dependsOn,
    });
  }

  private checkObject(object: KubernetesObject, index: number): void {
    const field = `objects[${index}]`;
    if (typeof object?.apiVersion !== "string" || object.apiVersion.length === 0) throw propsError(this, `${field}.apiVersion must be set, like "v1" or "apps/v1"`);
    if (typeof object.kind !== "string" || !/^[A-Z][A-Za-z0-9]*$/.test(object.kind)) throw propsError(this, `${field}.kind must be a Kubernetes kind like "ConfigMap", got "${String(object.kind)}"`);
    if (typeof object.metadata?.name !== "string" || object.metadata.name.length === 0) throw propsError(this, `${field}.metadata.name must be set`);
  }
}

function locateChart(): string {
  // Compiled code runs from dist/constructs/cluster/, tests from constructs/cluster/; the chart lives in charts/ at the package root.
  const candidates = [path.join(__dirname, "..", "..", "charts", "objects"), path.join(__dirname, "..", "..", "..", "charts", "objects")];
  return candidates.find((candidate) => fs.existsSync(path.join(candidate, "Chart.yaml"))) ?? candidates[0];
}
