import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { checkDnsLabel, checkLabelValue, checkServiceName, isDnsSubdomain } from "../core/kubernetes-names";
import { propsError, requireProps } from "../core/validation";
import { clusterServiceHost } from "./web-service-exposure";
import { workloadLabels } from "./workload-labels";

export interface ExternalNameServiceProps {
  /** The Service name, a DNS label of at most 63 characters starting with a letter; also `app.kubernetes.io/instance`. */
  readonly name: string;
  readonly namespace: string;
  /**
   * The DNS name the Service is an alias (CNAME) for, e.g. `api.example.com` or an RDS endpoint.
   * Not an IP address and not a URL: cluster DNS answers with a CNAME only.
   */
  readonly externalName: string;
  /** `app.kubernetes.io/name`. @default - the name */
  readonly appName?: string;
  /** `app.kubernetes.io/part-of`. @default - no label */
  readonly partOf?: string;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * A Service of type `ExternalName`: `<name>.<namespace>.svc.cluster.local` resolves (CNAME) to
 * an outside DNS name. No selector, no pods, no ports, so it is its own construct rather than a
 * `WebService` option (a WebService's image, replicas, probes would mean nothing here).
 * HTTP clients send the alias as the Host header and TLS clients check the certificate against it:
 * it suits databases and TCP services better than HTTPS APIs.
 */
export class ExternalNameService extends Construct {
  public readonly service: ServiceV1;
  public readonly serviceName: string;
  public readonly namespace: string;
  /** `<name>.<namespace>.svc.cluster.local`. */
  public readonly serviceHost: string;
  public readonly externalName: string;
  public readonly labels: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: ExternalNameServiceProps) {
    super(scope, id);
    requireProps(this, props, ["name", "namespace", "externalName"]);
    checkServiceName(this, "name", props.name);
    checkDnsLabel(this, "namespace", props.namespace);
    const appName = props.appName ?? props.name;
    checkLabelValue(this, "appName", appName);
    if (props.partOf !== undefined) checkLabelValue(this, "partOf", props.partOf);
    const externalName = props.externalName;
    if (!Token.isUnresolved(externalName) && (IPV4.test(externalName) || !isDnsSubdomain(externalName.replace(/\.$/, "")))) {
      throw propsError(this, `externalName must be a lowercase DNS name like "api.example.com" (not an IP address or a URL), got "${externalName}"`);
    }

    const { labels } = workloadLabels({ appName, instance: props.name, partOf: props.partOf });
    this.labels = labels;
    this.service = new ServiceV1(this, "service", {
      metadata: { name: props.name, namespace: props.namespace, labels },
      spec: { type: "ExternalName", externalName },
    });
    this.serviceName = props.name;
    this.namespace = props.namespace;
    this.serviceHost = clusterServiceHost(props.name, props.namespace);
    this.externalName = externalName;
  }
}
