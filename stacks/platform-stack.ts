import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import type { CohortConfig } from "../config/cohort-schema";
import { parsePrincipalArn } from "../constructs/core/iam";
import { AwsNameLimit } from "../constructs/core/resource-name";
import { CiDeployRole } from "../constructs/delivery/ci-deploy-role";
import { CostBudget } from "../constructs/delivery/cost-budget";
import { DeployNotifications } from "../constructs/delivery/deploy-notifications";
import { GithubOidcProvider } from "../constructs/delivery/github-oidc-provider";
import { ContainerRegistry } from "../constructs/registry/container-registry";
import { PullThroughCache } from "../constructs/registry/pull-through-cache";
import type { EksCluster } from "../constructs/cluster/eks-cluster";
import { cohortClusterName, usesEks } from "./cohort-cluster";
import { cohortBudgetName } from "./network-stack";
import { CohortStack } from "./cohort-stack";
import { addCohortCluster } from "./platform-cluster";
import { addContainerLogGroups } from "./cohort-observability";
import type { TenantLogGroup } from "../constructs/logging/tenant-log-group";
import { hasReached, ROADMAP_WEEK } from "./weeks";

/**
 * `<cohort>-platform` (weeks 3-8): registries and CI deploy identities (week 3), deploy
 * notifications (week 4), the EKS cluster with its node groups, add-ons and access entries (week 5;
 * the EBS CSI driver in week 6), the container log groups (week 8). Every per-student resource is
 * keyed by the student's name.
 */
export class PlatformStack extends CohortStack {
  /** Per student name. */
  public readonly studentRepositories: ReadonlyMap<string, ContainerRegistry>;
  public readonly sharedRepositories: ReadonlyMap<string, ContainerRegistry>;
  /** Per student name, for students with a `githubRepository`. */
  public readonly deployRoles: ReadonlyMap<string, CiDeployRole>;
  public readonly pullThroughCache?: PullThroughCache;
  /** From week 4: the one alert sink later weeks publish to. */
  public readonly notifications?: DeployNotifications;
  /** From week 5. */
  public readonly cluster?: EksCluster;
  /** From week 8 (EKS): per student name, their container log group. */
  public readonly logGroups: ReadonlyMap<string, TenantLogGroup>;

  constructor(scope: Construct, cohort: CohortConfig) {
    super(scope, cohort, "platform");
    const repositoryOptions = {
      keepTaggedImages: cohort.registry.keepTaggedImages,
      untaggedExpiryDays: cohort.registry.untaggedExpiryDays,
      forceDelete: cohort.registry.forceDelete,
    };
    const repository = (id: string, name: string) => new ContainerRegistry(this, id, { repositoryName: `${cohort.name}/${name}`, ...repositoryOptions });
    this.studentRepositories = new Map(cohort.students.map((student) => [student.name, repository(`repository-${student.name}`, student.name)]));
    // Every student may push to their own repository by hand (docker login on the workstation), CI role or not.
    const account = new DataAwsCallerIdentity(this, "account");
    for (const student of cohort.students) {
      const principal = parsePrincipalArn(this, `students.${student.name}.principalArn`, student.principalArn);
      this.studentRepositories.get(student.name)!.grantPushToPrincipal(principal, account.accountId);
    }
    this.sharedRepositories = new Map(cohort.registry.sharedRepositories.map((name) => [name, repository(`shared-repository-${name}`, name)]));
    if (cohort.registry.pullThroughCache) {
      this.pullThroughCache = new PullThroughCache(this, "pull-through-cache", {
        prefix: cohort.name,
        keepTaggedImages: cohort.registry.keepTaggedImages,
        untaggedExpiryDays: cohort.registry.untaggedExpiryDays,
      });
    }

    this.deployRoles = this.addDeployRoles(cohort);

    if (hasReached(cohort.throughWeek, ROADMAP_WEEK.NOTIFICATIONS)) {
      this.notifications = new DeployNotifications(this, "notifications", {
        name: cohort.name,
        repositoryPrefix: `${cohort.name}/`,
        emails: cohort.notifications.emails,
        slack: cohort.notifications.slack,
        alsoToSlack: cohort.budget && cohort.notifications.slack ? [CostBudget.alertTopicName(cohortBudgetName(cohort))] : [],
        clusterName: hasReached(cohort.throughWeek, ROADMAP_WEEK.KUBERNETES) && usesEks(cohort) ? cohortClusterName(cohort) : undefined,
      });
      new TerraformOutput(this, "notification_topic_arn", { value: this.notifications.topicArn, description: "SNS topic for deploy events and alerts" });
    }

    // With cluster.connection the Kubernetes weeks run on an existing cluster: no EKS cluster here.
    if (hasReached(cohort.throughWeek, ROADMAP_WEEK.KUBERNETES) && usesEks(cohort)) {
      this.cluster = addCohortCluster(this, cohort, { deployRoles: this.deployRoles, pullThroughCache: this.pullThroughCache, deployingAccountId: account.accountId });
    }
    // Fluent Bit (in -cluster-services) writes only to groups that exist; on EKS only, as Fluent Bit.
    this.logGroups = hasReached(cohort.throughWeek, ROADMAP_WEEK.LOGS) && usesEks(cohort) ? addContainerLogGroups(this, cohort, account.accountId) : new Map();

    const mapOf = <T>(entries: ReadonlyMap<string, T>, value: (item: T) => string) => Object.fromEntries([...entries].map(([name, item]) => [name, value(item)]));
    new TerraformOutput(this, "repository_urls", { value: mapOf(this.studentRepositories, (item) => item.repositoryUrl), description: "Per student: the image repository URL" });
    new TerraformOutput(this, "shared_repository_urls", { value: mapOf(this.sharedRepositories, (item) => item.repositoryUrl) });
    if (this.logGroups.size > 0) {
      new TerraformOutput(this, "log_groups", { value: mapOf(this.logGroups, (item) => item.logGroupName), description: "Per student: their container log group (aws logs tail <it> --follow)" });
    }
    new TerraformOutput(this, "ci_role_arns", { value: mapOf(this.deployRoles, (item) => item.roleArn), description: "Per student: the role GitHub Actions assumes (aws-actions/configure-aws-credentials role-to-assume)" });
  }

  private addDeployRoles(cohort: CohortConfig): Map<string, CiDeployRole> {
    const withRepository = cohort.students.filter((student) => student.githubRepository);
    if (withRepository.length === 0) return new Map();
    const oidc = new GithubOidcProvider(this, "github-oidc", {
      existingProviderArn: cohort.github.oidcProvider === "create" ? undefined : cohort.github.oidcProvider,
    });
    return new Map(
      withRepository.map((student) => {
        const role = new CiDeployRole(this, `ci-${student.name}`, {
          roleName: this.names.name("ci", { student: student.name, maxLength: AwsNameLimit.IAM_ROLE }),
          oidcProviderArn: oidc.providerArn,
          githubRepository: student.githubRepository!,
          branch: cohort.github.deployBranch,
        });
        this.studentRepositories.get(student.name)!.grantPush(role);
        return [student.name, role];
      }),
    );
  }
}
