// The public API: constructs to import into your own cdktf stacks, and the cohort app builder.

export { AwsNameLimit, fitName, ResourceNames, type NameOptions } from "./constructs/core/resource-name";
export { ServiceRole, type PolicyStatement, type ServiceRoleProps } from "./constructs/core/iam";
export { LOG_RETENTION_DAYS } from "./constructs/core/validation";
export { VpcNetwork, type FlowLogTraffic, type NatGatewayMode, type VpcNetworkProps } from "./constructs/network/vpc-network";
export { StateBucket, type StateBucketProps } from "./constructs/state/state-bucket";

export { cohortSchema, type CohortConfig, type StudentConfig } from "./config/cohort-schema";
export { CohortConfigError, cohortFilePath, EXAMPLE_COHORT_FILE, loadCohortFile, parseCohortYaml, type CohortProblem } from "./config/load-cohort";

export { buildCohortApp, type CohortStacks } from "./stacks/cohort-app";
export { CohortStack, cohortStackId, cohortTags, MANAGED_BY, type StateLocation } from "./stacks/cohort-stack";
export { NetworkStack } from "./stacks/network-stack";
export { StateStack } from "./stacks/state-stack";
export { formatSummary, synthesizeCohort, type SynthesisResult, type SynthesizeOptions } from "./stacks/synthesize";
