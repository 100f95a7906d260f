// The public API: constructs to import into your own cdktf stacks, and the cohort app builder.

export { AwsNameLimit, fitName, ResourceNames, type NameOptions } from "./constructs/core/resource-name";
export { ServiceRole, type PolicyStatement, type ServiceRoleProps } from "./constructs/core/iam";
export { LOG_RETENTION_DAYS } from "./constructs/core/validation";
export { VpcNetwork, type FlowLogTraffic, type NatGatewayMode, type VpcNetworkProps } from "./constructs/network/vpc-network";
export { VpcNetworkLookup, type VpcNetworkLookupProps } from "./constructs/network/vpc-network-lookup";
export { StateBucket, type StateBucketProps } from "./constructs/state/state-bucket";
export { LabWorkstations, type DailyStop, type LabWorkstationsProps } from "./constructs/labs/lab-workstations";
export { LabWorkstation, type LabWorkstationOptions } from "./constructs/labs/lab-workstation";
export { ContainerRegistry, type ContainerRegistryProps, type RoleGrantee } from "./constructs/registry/container-registry";
export { PullThroughCache, type PullThroughCacheProps, type PullThroughUpstream } from "./constructs/registry/pull-through-cache";
export { GithubOidcProvider, type GithubOidcProviderProps } from "./constructs/delivery/github-oidc-provider";
export { CiDeployRole, type CiDeployRoleProps } from "./constructs/delivery/ci-deploy-role";
export { DeployNotifications, type DeployNotificationsProps, type SlackChannel } from "./constructs/delivery/deploy-notifications";

export { cohortSchema, type CohortConfig, type StudentConfig } from "./config/cohort-schema";
export { CohortConfigError, cohortFilePath, EXAMPLE_COHORT_FILE, loadCohortFile, parseCohortYaml, type CohortProblem } from "./config/load-cohort";

export { buildCohortApp, type CohortStacks } from "./stacks/cohort-app";
export { CohortStack, cohortStackId, cohortTags, MANAGED_BY, type StateLocation } from "./stacks/cohort-stack";
export { NetworkStack } from "./stacks/network-stack";
export { LabsStack } from "./stacks/labs-stack";
export { PlatformStack } from "./stacks/platform-stack";
export { hasReached, ROADMAP_WEEK } from "./stacks/weeks";
export { StateStack } from "./stacks/state-stack";
export { formatSummary, synthesizeCohort, type SynthesisResult, type SynthesizeOptions } from "./stacks/synthesize";
