import { EksCluster } from "../constructs/cluster/eks-cluster";
import { ManagedNodeGroup } from "../constructs/cluster/managed-node-group";
import { StudentTenancy } from "../constructs/cohort/student-tenancy";
import { ContainerRegistry } from "../constructs/registry/container-registry";
import { VpcNetwork } from "../constructs/network/vpc-network";
import { VpcNetworkLookup } from "../constructs/network/vpc-network-lookup";
import { WebService } from "../constructs/workloads/web-service";
import { awsTestStack, kubernetesTestStack } from "./helpers";

// What a plain JavaScript caller gets when it leaves out a required prop: the construct, its path
// and every missing field, never "Cannot read properties of undefined".
type AnyConstruct = new (scope: any, id: string, props?: any) => unknown;

test.each<[string, AnyConstruct, unknown, string]>([
  ["VpcNetwork without props", VpcNetwork, undefined, "VpcNetwork test/it: name is required (see the construct's props), got no props"],
  ["VpcNetworkLookup without zoneCount", VpcNetworkLookup, { name: "lab", cidr: "10.0.0.0/16" }, "VpcNetworkLookup test/it: zoneCount is required (see the construct's props), got none"],
  ["EksCluster with nothing", EksCluster, {}, "EksCluster test/it: clusterName, subnetIds are required (see the construct's props), got none"],
  [
    "a stand-alone ManagedNodeGroup without sizes",
    ManagedNodeGroup,
    { clusterName: "lab", nodeGroupName: "general", instanceTypes: ["t3.large"], subnetIds: ["subnet-1"] },
    "ManagedNodeGroup test/it: minSize, desiredSize, maxSize are required (see the construct's props), got none",
  ],
  ["ContainerRegistry without a name", ContainerRegistry, {}, "ContainerRegistry test/it: repositoryName is required (see the construct's props), got none"],
  ["StudentTenancy without a namespace", StudentTenancy, {}, "StudentTenancy test/it: namespace is required (see the construct's props), got none"],
  ["WebService without an image", WebService, { name: "web", namespace: "team-a" }, "WebService test/it: image is required (see the construct's props), got none"],
])("%s is refused with the missing fields named", (_case, Type, props, message) => {
  const stack = Type === StudentTenancy || Type === WebService ? kubernetesTestStack() : awsTestStack();
  expect(() => new Type(stack, "it", props)).toThrow(message);
});
