import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { CohortConfig, StudentConfig } from "../config/cohort-schema";
import { HelloNodeLab } from "../constructs/cohort/hello-node-lab";
import { ServiceTypesLab } from "../constructs/cohort/service-types-lab";
import { StudentTenancy } from "../constructs/cohort/student-tenancy";
import { WordpressLab } from "../constructs/cohort/wordpress-lab";
import { ClusterMonitoring } from "../constructs/monitoring/cluster-monitoring";
import { NamespaceMonitoring } from "../constructs/monitoring/namespace-monitoring";
import { CohortGroups, cohortServiceCidr, connectToCluster, usesEks } from "./cohort-cluster";
import { CohortStack } from "./cohort-stack";
import { hasReached, ROADMAP_WEEK } from "./weeks";

/** The namespace the week-7 monitoring stack scrapes from; allowed in from the start so week 7 only adds. */
export const MONITORING_NAMESPACE = ClusterMonitoring.DEFAULT_NAMESPACE;
/** hello-node's autoscaling range from week 9; the minimum keeps the study jam's four replicas. */
export const HELLO_NODE_AUTOSCALING = { minReplicas: HelloNodeLab.DEFAULT_REPLICAS, maxReplicas: 8 } as const;

/**
 * An ALB holds at most 100 target groups (a hard limit) and each student's hello-node route takes
 * one, so one shared ALB serves at most this many students; the rest of the 100 stays free.
 */
export const MAX_STUDENTS_PER_ALB = 90;

/**
 * The ALB IngressGroup of a shard's hello-node routes: one ALB per `<cohort>-students-N` stack.
 * Shard 1 keeps the cohort's name, the group every route shared before groups were split.
 */
export function shardIngressGroup(cohort: Pick<CohortConfig, "name">, shard: number): string {
  return shard === 1 ? cohort.name : `${cohort.name}-${shard}`;
}

/** What one student has in a shard. */
export interface StudentWorkspace {
  readonly tenancy: StudentTenancy;
  readonly helloNode?: HelloNodeLab;
  readonly serviceTypes?: ServiceTypesLab;
  readonly wordpress?: WordpressLab;
  /** From week 7: alerts, the hello-node SLO and a dashboard of the namespace. */
  readonly monitoring?: NamespaceMonitoring;
}

/**
 * `<cohort>-students-N` (week 5 on): for each student of shard N, a {@link StudentTenancy} (their
 * namespace, quota, limits, RBAC for their Kubernetes group and their CI role's group, default-deny
 * network policy) and the labs the cohort file selects, added week by week: hello-node and the
 * Service types (week 5), the shared-ALB route, the LoadBalancer Service and WordPress (week 6),
 * alerts, the hello-node SLO, a Grafana dashboard and ServiceMonitor rights (week 7), hello-node
 * autoscaling (week 9). Everything is keyed by the student's name.
 */
export class StudentsStack extends CohortStack {
  /** Per student name. */
  public readonly workspaces: ReadonlyMap<string, StudentWorkspace>;
  /** 1-based. */
  public readonly shard: number;

  constructor(scope: Construct, cohort: CohortConfig, shard: number, students: readonly StudentConfig[]) {
    super(scope, cohort, `students-${shard}`, { awsProvider: usesEks(cohort) });
    this.shard = shard;
    connectToCluster(this, cohort);
    // Generates the WordPress lab's database passwords (week 6).
    new RandomProvider(this, "random");
    this.workspaces = new Map(students.map((student) => [student.name, this.addStudent(cohort, student)]));
    new TerraformOutput(this, "namespaces", {
      value: Object.fromEntries([...this.workspaces].map(([name, workspace]) => [name, workspace.tenancy.namespace])),
      description: "Per student: their namespace (kubectl config set-context --current --namespace <it>)",
    });
  }

  private addStudent(cohort: CohortConfig, student: StudentConfig): StudentWorkspace {
    const scope = new Construct(this, student.name);
    const week = cohort.throughWeek;
    const labs = new Set(cohort.workloads.labs);
    const tenancy = new StudentTenancy(scope, "tenancy", {
      namespace: student.name,
      partOf: cohort.name,
      // The load balancer controller adds readiness gates, so a rolling update waits until the ALB/NLB targets are healthy.
      labels: { cohort: cohort.name, student: student.name, "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled" },
      quota: { cpu: cohort.quota.cpu, memory: cohort.quota.memory, pods: cohort.quota.pods, loadBalancers: cohort.quota.loadBalancers, storage: cohort.quota.storage },
      // With the VPC CNI, load balancers (target type ip), NodePort hops and pods all have VPC
      // addresses; other students cannot come in because their own egress to the VPC is denied.
      loadBalancerSourceCidrs: [cohort.network.cidr],
      // The VPC (other students' pods, nodes, internal load balancers) and the Service range: the
      // VPC CNI checks egress before kube-proxy translates a ClusterIP, so without it the internet
      // rule would let a pod reach another namespace's Services. DNS and the namespace's own
      // Services stay reachable through their pod-selector rules, which the policy agent also
      // applies to the ClusterIPs of the Services selecting those pods.
      clusterNetworkCidrs: [cohort.network.cidr, cohortServiceCidr(cohort)],
      allowFromNamespaces: [MONITORING_NAMESPACE],
    });
    tenancy.grantEdit({ kind: "Group", name: CohortGroups.student(student.name) });
    if (student.githubRepository) tenancy.grantDeploy({ kind: "Group", name: CohortGroups.ci(student.name) });

    const common = { namespace: tenancy.namespace, partOf: cohort.name };
    const eks = hasReached(week, ROADMAP_WEEK.EKS);
    // The ALB route and the NLB lab need the AWS Load Balancer Controller: on EKS only.
    const loadBalancers = eks && usesEks(cohort);
    const helloNode = labs.has("hello-node")
      ? new HelloNodeLab(scope, "hello-node", {
          ...common,
          image: cohort.workloads.helloNodeImage,
          ingressPath: loadBalancers ? `/${student.name}` : undefined,
          ingressGroupName: loadBalancers ? shardIngressGroup(cohort, this.shard) : undefined,
          autoscaling: hasReached(week, ROADMAP_WEEK.AUTOSCALING) ? HELLO_NODE_AUTOSCALING : undefined,
        })
      : undefined;
    const serviceTypes = labs.has("service-types")
      ? new ServiceTypesLab(scope, "service-types", {
          ...common,
          loadBalancer: loadBalancers && cohort.quota.loadBalancers > 0 ? { scheme: cohort.workloads.ingressScheme } : undefined,
        })
      : undefined;
    const wordpress = eks && labs.has("wordpress") ? new WordpressLab(scope, "wordpress", common) : undefined;
    const monitoring = hasReached(week, ROADMAP_WEEK.MONITORING) ? this.addMonitoring(scope, cohort, student, tenancy, helloNode) : undefined;
    return { tenancy, helloNode, serviceTypes, wordpress, monitoring };
  }

  private addMonitoring(scope: Construct, cohort: CohortConfig, student: StudentConfig, tenancy: StudentTenancy, helloNode: HelloNodeLab | undefined): NamespaceMonitoring {
    const monitoring = new NamespaceMonitoring(scope, "monitoring", {
      namespace: student.name,
      dependsOn: [tenancy.namespaceResource],
      owner: student.name,
      releaseNamespace: MONITORING_NAMESPACE,
      alertLabels: { cohort: cohort.name, student: student.name },
      probe: helloNode
        ? { name: HelloNodeLab.NAME, url: `http://${HelloNodeLab.NAME}.${student.name}.svc:${helloNode.service.servicePort}/`, proberAddress: ClusterMonitoring.proberAddressIn(MONITORING_NAMESPACE) }
        : undefined,
      dashboard: { namespace: MONITORING_NAMESPACE, labels: ClusterMonitoring.DASHBOARD_LABELS, annotations: { [ClusterMonitoring.DASHBOARD_FOLDER_ANNOTATION]: "Students" } },
    });
    monitoring.grantMonitoring({ kind: "Group", name: CohortGroups.student(student.name) });
    return monitoring;
  }
}
