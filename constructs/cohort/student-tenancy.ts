import { LimitRangeV1 } from "@cdktf/provider-kubernetes/lib/limit-range-v1";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { ResourceQuotaV1 } from "@cdktf/provider-kubernetes/lib/resource-quota-v1";
import { RoleBindingV1 } from "@cdktf/provider-kubernetes/lib/role-binding-v1";
import { RoleV1 } from "@cdktf/provider-kubernetes/lib/role-v1";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { compareQuantities, multiplyQuantity, parseQuantity, type Quantity, type QuantityKind } from "../core/kubernetes-quantity";
import { checkDnsLabel, isLabelKey, isLabelValue } from "../core/kubernetes-names";
import { checkSubject, MAX_BINDING_NAME_LENGTH, RBAC_API_GROUP, subjectBindingName, type KubernetesSubject } from "../core/rbac";
import { propsError, requireProps } from "../core/validation";
import { LabelKeys, MANAGED_BY } from "../workloads/workload-labels";
import { TenancyNetworkPolicy, type TenancyNetworkOptions } from "./tenancy-network-policy";

export type { KubernetesSubject } from "../core/rbac";

/** Pod Security Standards levels (https://kubernetes.io/docs/concepts/security/pod-security-standards/). */
export type PodSecurityLevel = "privileged" | "baseline" | "restricted";

/** Pod Security Admission for the namespace, as `pod-security.kubernetes.io/*` labels. */
export interface PodSecurityOptions {
  /** Pods that break this level are rejected. @default "baseline" */
  readonly enforce?: PodSecurityLevel;
  /** Pods that break this level are admitted with a warning to the user (kubectl prints it). @default "restricted" */
  readonly warn?: PodSecurityLevel;
  /** Pods that break this level are admitted and recorded in the audit log. @default "restricted" */
  readonly audit?: PodSecurityLevel;
  /** The Pod Security Standards version the three levels refer to, `latest` or `v1.<minor>`. @default "latest" */
  readonly version?: string;
}

/** The namespace's ResourceQuota. CPU and memory are requests; limits are derived unless given. */
export interface TenancyQuota {
  /** `requests.cpu`: CPU the scheduler reserves for all pods together. @default "2" */
  readonly cpu?: string;
  /** `requests.memory`. @default "4Gi" */
  readonly memory?: string;
  /**
   * `limits.cpu`: room for containers to burst above their requests.
   * @default 2 × cpu (StudentTenancy.LIMITS_PER_REQUEST; cpu itself when cpu is a token)
   */
  readonly limitsCpu?: string;
  /** `limits.memory`. @default 2 × memory (StudentTenancy.LIMITS_PER_REQUEST; memory itself when memory is a token) */
  readonly limitsMemory?: string;
  /** `pods`: pods in any state but finished. @default 20 */
  readonly pods?: number;
  /** `services`, of every type. @default 10 */
  readonly services?: number;
  /** `services.loadbalancers`: each one is a billed AWS load balancer. @default 0 */
  readonly loadBalancers?: number;
  /**
   * `services.nodeports`: node ports of NodePort Services, and of LoadBalancer Services, which take
   * one per port too (node ports are a cluster-wide pool of 2,768).
   * @default loadBalancers + 2
   */
  readonly nodePorts?: number;
  /** `requests.storage`: the sum of all PersistentVolumeClaims' sizes (EBS volumes are billed by size). @default "20Gi" */
  readonly storage?: string;
  /** `persistentvolumeclaims`. @default 5 */
  readonly persistentVolumeClaims?: number;
}

/** The namespace's LimitRange for containers: what a container without requests/limits gets, and the most one may ask for. */
export interface ContainerLimits {
  /** @default "100m" */
  readonly defaultRequestCpu?: string;
  /** @default "128Mi" */
  readonly defaultRequestMemory?: string;
  /** @default "500m" */
  readonly defaultLimitCpu?: string;
  /** @default "512Mi" */
  readonly defaultLimitMemory?: string;
  /** The largest CPU limit one container may have. @default - the quota's limitsCpu */
  readonly maxCpu?: string;
  /** The largest memory limit one container may have. @default - the quota's limitsMemory */
  readonly maxMemory?: string;
}

export interface StudentTenancyProps extends TenancyNetworkOptions {
  /** The namespace name, a DNS label (1..63 lowercase letters, digits and `-`), not `default` nor `kube-*`. */
  readonly namespace: string;
  /** Extra namespace labels, e.g. the student's name. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** What the namespace is part of (e.g. the cohort name), as the `app.kubernetes.io/part-of` label. @default - no such label */
  readonly partOf?: string;
  /** @default StudentTenancy.DEFAULT_POD_SECURITY: enforce "baseline", warn and audit "restricted", version "latest" */
  readonly podSecurity?: PodSecurityOptions;
  /** Each field defaults separately. @default StudentTenancy.DEFAULT_QUOTA */
  readonly quota?: TenancyQuota;
  /** Each field defaults separately. @default StudentTenancy.DEFAULT_LIMITS */
  readonly limits?: ContainerLimits;
  /**
   * Create the default-deny NetworkPolicy and its allow list ({@link TenancyNetworkPolicy}). Turn
   * off only on a cluster without a network policy engine (the VPC CNI enforces policies only with
   * `enableNetworkPolicy`), where the policies would be a false promise.
   * @default true
   */
  readonly networkIsolation?: boolean;
}

/** The kinds of access a tenancy grants; each is one Role in the namespace. */
export type TenancyRole = "edit" | "view" | "deploy";

/** One rule of a Role: these verbs on these resources of these API groups. */
export interface RbacRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
}

const READ = ["get", "list", "watch"] as const;
const WRITE = [...READ, "create", "update", "patch", "delete", "deletecollection"] as const;
/** Read-only resources both the edit and view roles see: a tenant must not weaken its own quota, limits or isolation. */
const NAMESPACE_GUARDRAILS = ["resourcequotas", "limitranges", "serviceaccounts"] as const;

const TENANCY_ROLE_RULES: Readonly<Record<TenancyRole, readonly RbacRule[]>> = {
  edit: [
    { apiGroups: [""], resources: ["pods", "services", "configmaps", "secrets", "persistentvolumeclaims"], verbs: WRITE },
    { apiGroups: [""], resources: ["pods/log"], verbs: READ },
    // kubectl exec/attach/port-forward open a stream with create (SPDY) or get (WebSocket).
    { apiGroups: [""], resources: ["pods/exec", "pods/attach", "pods/portforward"], verbs: ["get", "create"] },
    { apiGroups: [""], resources: ["events", "endpoints", ...NAMESPACE_GUARDRAILS], verbs: READ },
    { apiGroups: ["apps"], resources: ["deployments", "replicasets", "statefulsets"], verbs: WRITE },
    { apiGroups: ["apps"], resources: ["deployments/scale", "replicasets/scale", "statefulsets/scale"], verbs: ["get", "update", "patch"] },
    { apiGroups: ["apps"], resources: ["controllerrevisions"], verbs: READ },
    { apiGroups: ["batch"], resources: ["jobs", "cronjobs"], verbs: WRITE },
    { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: WRITE },
    // Read only: an ALB IngressGroup trusts every Ingress writer with the whole load balancer
    // (another's paths, listeners, certificates, access logs), so Terraform writes the shared routes.
    { apiGroups: ["networking.k8s.io"], resources: ["ingresses", "networkpolicies"], verbs: READ },
    { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: WRITE },
    { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: READ },
    { apiGroups: ["events.k8s.io"], resources: ["events"], verbs: READ },
    { apiGroups: ["metrics.k8s.io"], resources: ["pods"], verbs: READ },
  ],
  view: [
    { apiGroups: [""], resources: ["pods", "pods/log", "services", "configmaps", "persistentvolumeclaims", "events", "endpoints", ...NAMESPACE_GUARDRAILS], verbs: READ },
    { apiGroups: ["apps"], resources: ["deployments", "replicasets", "statefulsets", "controllerrevisions"], verbs: READ },
    { apiGroups: ["batch"], resources: ["jobs", "cronjobs"], verbs: READ },
    { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: READ },
    { apiGroups: ["networking.k8s.io"], resources: ["ingresses", "networkpolicies"], verbs: READ },
    { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: READ },
    { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: READ },
    { apiGroups: ["events.k8s.io"], resources: ["events"], verbs: READ },
    { apiGroups: ["metrics.k8s.io"], resources: ["pods"], verbs: READ },
  ],
  // What `kubectl set image`, `kubectl scale` and `kubectl rollout status` need, nothing more.
  deploy: [
    { apiGroups: ["apps"], resources: ["deployments"], verbs: [...READ, "patch", "update"] },
    { apiGroups: ["apps"], resources: ["deployments/scale"], verbs: ["get", "patch", "update"] },
    { apiGroups: ["apps"], resources: ["replicasets"], verbs: READ },
    { apiGroups: [""], resources: ["pods"], verbs: READ },
  ],
};

const PSA_PREFIX = "pod-security.kubernetes.io/";
const PSA_LEVELS: readonly PodSecurityLevel[] = ["privileged", "baseline", "restricted"];

/**
 * A tenant's corner of a shared cluster, with isolation built in: a namespace with Pod Security
 * Admission labels, a ResourceQuota, a LimitRange whose defaults fit the quota, a default-deny
 * network policy with an explicit allow list, and namespaced RBAC granted with verbs.
 *
 * Access model: EKS access entries only authenticate people and CI roles and map them to
 * Kubernetes groups (no EKS access policies for them); the Roles and RoleBindings made here by
 * {@link grantEdit}, {@link grantView} and {@link grantDeploy} are the one place that says what
 * those groups may do, and only inside this namespace. No rule writes RBAC, uses `*`, or weakens
 * the quota, limits or network policies.
 */
export class StudentTenancy extends Construct {
  public static readonly DEFAULT_POD_SECURITY: Readonly<Required<PodSecurityOptions>> = { enforce: "baseline", warn: "restricted", audit: "restricted", version: "latest" };
  /** The quota's defaults; `nodePorts` is the default for `loadBalancers` 0 (it is `loadBalancers + 2`). */
  public static readonly DEFAULT_QUOTA: Readonly<Required<Omit<TenancyQuota, "limitsCpu" | "limitsMemory">>> = {
    cpu: "2",
    memory: "4Gi",
    pods: 20,
    services: 10,
    loadBalancers: 0,
    nodePorts: 2,
    storage: "20Gi",
    persistentVolumeClaims: 5,
  };
  /** limits.cpu and limits.memory are this many times the request quota unless given. */
  public static readonly LIMITS_PER_REQUEST = 2;
  /** The LimitRange's container defaults; `maxCpu`/`maxMemory` default to the quota's limits. */
  public static readonly DEFAULT_LIMITS: Readonly<Required<Omit<ContainerLimits, "maxCpu" | "maxMemory">>> = {
    defaultRequestCpu: "100m",
    defaultRequestMemory: "128Mi",
    defaultLimitCpu: "500m",
    defaultLimitMemory: "512Mi",
  };
  /** The names of the namespace's Roles, one per kind of grant. */
  public static readonly ROLE_NAMES: Readonly<Record<TenancyRole, string>> = { edit: "tenancy-edit", view: "tenancy-view", deploy: "tenancy-deploy" };
  /** The rules of each Role. */
  public static readonly ROLE_RULES: Readonly<Record<TenancyRole, readonly RbacRule[]>> = TENANCY_ROLE_RULES;
  public static readonly MAX_BINDING_NAME_LENGTH = MAX_BINDING_NAME_LENGTH;

  /** The namespace name, read from the namespace resource so that whatever uses it is created after it. */
  public readonly namespace: string;
  public readonly namespaceResource: NamespaceV1;
  public readonly quota: ResourceQuotaV1;
  public readonly limitRange: LimitRangeV1;
  /** The network policies, or undefined with `networkIsolation: false`. */
  public readonly networkPolicy?: TenancyNetworkPolicy;

  private readonly roles = new Map<TenancyRole, RoleV1>();
  private readonly bindings = new Map<string, RoleBindingV1>();

  constructor(scope: Construct, id: string, props: StudentTenancyProps) {
    super(scope, id);
    requireProps(this, props, ["namespace"]);
    this.checkNamespace(props.namespace);
    const labels = this.namespaceLabels(props);

    this.namespaceResource = new NamespaceV1(this, "namespace", { metadata: { name: props.namespace, labels } });
    this.namespace = this.namespaceResource.metadata.name;

    const quota = this.resolveQuota(props.quota ?? {});
    this.quota = new ResourceQuotaV1(this, "quota", {
      metadata: { name: "tenancy-quota", namespace: this.namespace },
      spec: {
        hard: {
          "requests.cpu": quota.cpu,
          "limits.cpu": quota.limitsCpu,
          "requests.memory": quota.memory,
          "limits.memory": quota.limitsMemory,
          pods: count(quota.pods),
          services: count(quota.services),
          "services.loadbalancers": count(quota.loadBalancers),
          "services.nodeports": count(quota.nodePorts),
          "requests.storage": quota.storage,
          persistentvolumeclaims: count(quota.persistentVolumeClaims),
        },
      },
    });

    const limits = this.resolveLimits(props.limits ?? {}, quota);
    this.limitRange = new LimitRangeV1(this, "limit-range", {
      metadata: { name: "tenancy-limits", namespace: this.namespace },
      spec: {
        limit: [
          {
            type: "Container",
            defaultRequest: { cpu: limits.defaultRequestCpu, memory: limits.defaultRequestMemory },
            default: { cpu: limits.defaultLimitCpu, memory: limits.defaultLimitMemory },
            max: { cpu: limits.maxCpu, memory: limits.maxMemory },
          },
          { type: "PersistentVolumeClaim", max: { storage: quota.storage } },
        ],
      },
    });

    if (props.networkIsolation ?? true) {
      this.networkPolicy = new TenancyNetworkPolicy(this, "network-policy", {
        namespace: this.namespace,
        loadBalancerSourceCidrs: props.loadBalancerSourceCidrs,
        allowFromNamespaces: props.allowFromNamespaces,
        clusterNetworkCidrs: props.clusterNetworkCidrs,
        blockInstanceMetadata: props.blockInstanceMetadata,
      });
    }
  }

  /**
   * Lets `subject` work in this namespace only: create and change workloads, Services, ConfigMaps,
   * Secrets, Jobs, HPAs, PVCs and PDBs, read logs, exec, attach and port-forward; read (never
   * change) the quota, limits, network policies, service accounts and Ingresses (a shared ALB's
   * routes are the platform's to write). Idempotent.
   */
  public grantEdit(subject: KubernetesSubject): RoleBindingV1 {
    return this.grant("edit", subject);
  }

  /** Lets `subject` read what is in this namespace, Secrets excepted, and read pod logs. Idempotent. */
  public grantView(subject: KubernetesSubject): RoleBindingV1 {
    return this.grant("view", subject);
  }

  /**
   * Lets `subject` (a CI identity) roll out new versions of existing Deployments: `kubectl set image`,
   * `kubectl scale`, `kubectl rollout status`. It cannot create or delete anything. Idempotent.
   */
  public grantDeploy(subject: KubernetesSubject): RoleBindingV1 {
    return this.grant("deploy", subject);
  }

  /** The name the binding of `subject` to `role` gets: readable, stable, and distinct for distinct subjects. */
  public static bindingName(role: TenancyRole, subject: KubernetesSubject): string {
    return subjectBindingName(StudentTenancy.ROLE_NAMES[role], subject);
  }

  private grant(role: TenancyRole, subject: KubernetesSubject): RoleBindingV1 {
    checkSubject(this, "subject", subject);
    const name = StudentTenancy.bindingName(role, subject);
    const existing = this.bindings.get(name);
    if (existing) return existing;
    const binding = new RoleBindingV1(this, `binding-${name}`, {
      metadata: { name, namespace: this.namespace },
      roleRef: { apiGroup: RBAC_API_GROUP, kind: "Role", name: this.role(role).metadata.name },
      subject: [{ apiGroup: RBAC_API_GROUP, kind: subject.kind, name: subject.name }],
    });
    this.bindings.set(name, binding);
    return binding;
  }

  /** The namespace's Role for `kind`, created on first use. */
  private role(kind: TenancyRole): RoleV1 {
    let role = this.roles.get(kind);
    if (!role) {
      role = new RoleV1(this, `${kind}-role`, {
        metadata: { name: StudentTenancy.ROLE_NAMES[kind], namespace: this.namespace },
        rule: StudentTenancy.ROLE_RULES[kind].map((rule) => ({ apiGroups: [...rule.apiGroups], resources: [...rule.resources], verbs: [...rule.verbs] })),
      });
      this.roles.set(kind, role);
    }
    return role;
  }

  private checkNamespace(namespace: string): void {
    if (Token.isUnresolved(namespace)) return;
    checkDnsLabel(this, "namespace", namespace);
    if (namespace === "default" || namespace.startsWith("kube-")) {
      throw propsError(this, `namespace must not be "default" or start with "kube-" (reserved by Kubernetes), got "${namespace}"`);
    }
  }

  private namespaceLabels(props: StudentTenancyProps): Record<string, string> {
    const podSecurity = { ...StudentTenancy.DEFAULT_POD_SECURITY, ...definedFields(props.podSecurity ?? {}) };
    for (const mode of ["enforce", "warn", "audit"] as const) {
      if (!PSA_LEVELS.includes(podSecurity[mode])) {
        throw propsError(this, `podSecurity.${mode} must be "privileged", "baseline" or "restricted", got "${podSecurity[mode]}"`);
      }
    }
    if (!Token.isUnresolved(podSecurity.version) && !/^(latest|v1\.\d{1,3})$/.test(podSecurity.version)) {
      throw propsError(this, `podSecurity.version must be "latest" or a Kubernetes minor version like "v1.33", got "${podSecurity.version}"`);
    }
    const extra = props.labels ?? {};
    for (const [key, value] of Object.entries(extra)) {
      if (key.startsWith(PSA_PREFIX)) throw propsError(this, `labels must not set ${key}: use podSecurity instead`);
      this.checkLabel(`labels["${key}"]`, key, value);
    }
    if (props.partOf !== undefined) this.checkLabel("partOf", LabelKeys.PART_OF, props.partOf);
    return {
      ...extra,
      ...(props.partOf !== undefined ? { [LabelKeys.PART_OF]: props.partOf } : {}),
      [LabelKeys.MANAGED_BY]: MANAGED_BY,
      [`${PSA_PREFIX}enforce`]: podSecurity.enforce,
      [`${PSA_PREFIX}enforce-version`]: podSecurity.version,
      [`${PSA_PREFIX}warn`]: podSecurity.warn,
      [`${PSA_PREFIX}warn-version`]: podSecurity.version,
      [`${PSA_PREFIX}audit`]: podSecurity.audit,
      [`${PSA_PREFIX}audit-version`]: podSecurity.version,
    };
  }

  private checkLabel(field: string, key: string, value: string): void {
    if (!Token.isUnresolved(key) && !isLabelKey(key)) {
      throw propsError(this, `${field} has an invalid label key: up to 63 letters, digits, "-", "_" or "." after an optional DNS prefix and "/", got "${key}"`);
    }
    if (!Token.isUnresolved(value) && value !== "" && !isLabelValue(value)) {
      throw propsError(this, `${field} must be a label value: up to 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit, got "${value}"`);
    }
  }

  private resolveQuota(given: TenancyQuota): Required<TenancyQuota> {
    const defaults = StudentTenancy.DEFAULT_QUOTA;
    const cpu = given.cpu ?? defaults.cpu;
    const memory = given.memory ?? defaults.memory;
    const cpuQuantity = this.quantity("quota.cpu", cpu, "cpu");
    const memoryQuantity = this.quantity("quota.memory", memory, "bytes");
    const loadBalancers = this.count("quota.loadBalancers", given.loadBalancers ?? defaults.loadBalancers);
    const quota: Required<TenancyQuota> = {
      cpu,
      memory,
      limitsCpu: given.limitsCpu ?? (cpuQuantity ? multiplyQuantity(cpu, StudentTenancy.LIMITS_PER_REQUEST) : cpu),
      limitsMemory: given.limitsMemory ?? (memoryQuantity ? multiplyQuantity(memory, StudentTenancy.LIMITS_PER_REQUEST) : memory),
      pods: this.count("quota.pods", given.pods ?? defaults.pods),
      services: this.count("quota.services", given.services ?? defaults.services),
      loadBalancers,
      nodePorts: this.count("quota.nodePorts", given.nodePorts ?? (Token.isUnresolved(loadBalancers) ? defaults.nodePorts : loadBalancers + defaults.nodePorts)),
      storage: given.storage ?? defaults.storage,
      persistentVolumeClaims: this.count("quota.persistentVolumeClaims", given.persistentVolumeClaims ?? defaults.persistentVolumeClaims),
    };
    this.quantity("quota.storage", quota.storage, "bytes");
    this.atLeast("quota.limitsCpu", quota.limitsCpu, "quota.cpu", cpu, "cpu");
    this.atLeast("quota.limitsMemory", quota.limitsMemory, "quota.memory", memory, "bytes");
    if (!Token.isUnresolved(quota.nodePorts) && !Token.isUnresolved(loadBalancers) && quota.nodePorts < loadBalancers) {
      throw propsError(this, `quota.nodePorts must be at least quota.loadBalancers (${loadBalancers}): every LoadBalancer Service takes a node port too, got ${quota.nodePorts}`);
    }
    return quota;
  }

  private resolveLimits(given: ContainerLimits, quota: Required<TenancyQuota>): Required<ContainerLimits> {
    const limits: Required<ContainerLimits> = {
      ...StudentTenancy.DEFAULT_LIMITS,
      ...definedFields(given),
      maxCpu: given.maxCpu ?? quota.limitsCpu,
      maxMemory: given.maxMemory ?? quota.limitsMemory,
    };
    // A default request larger than the quota would make every pod without requests fail admission.
    this.atMost("limits.defaultRequestCpu", limits.defaultRequestCpu, "quota.cpu", quota.cpu, "cpu");
    this.atMost("limits.defaultRequestMemory", limits.defaultRequestMemory, "quota.memory", quota.memory, "bytes");
    this.atLeast("limits.defaultLimitCpu", limits.defaultLimitCpu, "limits.defaultRequestCpu", limits.defaultRequestCpu, "cpu");
    this.atLeast("limits.defaultLimitMemory", limits.defaultLimitMemory, "limits.defaultRequestMemory", limits.defaultRequestMemory, "bytes");
    this.atMost("limits.maxCpu", limits.maxCpu, "quota.limitsCpu", quota.limitsCpu, "cpu");
    this.atMost("limits.maxMemory", limits.maxMemory, "quota.limitsMemory", quota.limitsMemory, "bytes");
    this.atMost("limits.defaultLimitCpu", limits.defaultLimitCpu, "limits.maxCpu", limits.maxCpu, "cpu");
    this.atMost("limits.defaultLimitMemory", limits.defaultLimitMemory, "limits.maxMemory", limits.maxMemory, "bytes");
    return limits;
  }

  /** The parsed quantity, undefined for a token; throws for text that is not a quantity of `kind`. */
  private quantity(field: string, text: string, kind: QuantityKind): Quantity | undefined {
    if (Token.isUnresolved(text)) return undefined;
    const parsed = parseQuantity(text, kind);
    if (typeof parsed === "string") throw propsError(this, `${field} ${parsed}, got "${text}"`);
    return parsed;
  }

  private atMost(field: string, text: string, limitField: string, limitText: string, kind: QuantityKind): void {
    const value = this.quantity(field, text, kind);
    const limit = this.quantity(limitField, limitText, kind);
    if (value && limit && compareQuantities(value, limit) > 0) {
      throw propsError(this, `${field} must not exceed ${limitField} ("${limitText}"), got "${text}"`);
    }
  }

  private atLeast(field: string, text: string, minField: string, minText: string, kind: QuantityKind): void {
    const value = this.quantity(field, text, kind);
    const min = this.quantity(minField, minText, kind);
    if (value && min && compareQuantities(value, min) < 0) {
      throw propsError(this, `${field} must be at least ${minField} ("${minText}"), got "${text}"`);
    }
  }

  private count(field: string, value: number): number {
    if (!Token.isUnresolved(value) && (!Number.isInteger(value) || value < 0)) {
      throw propsError(this, `${field} must be a whole number >= 0, got ${value}`);
    }
    return value;
  }
}

/** A quota count as the map of strings `hard` takes (a number token stays a token). */
function count(value: number): string {
  return Token.isUnresolved(value) ? Token.asString(value) : String(value);
}

/** `object` without its undefined fields, so spreading it over defaults keeps the defaults. */
function definedFields<T extends object>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
}
