// A consumer's own stack: the constructs the consumer check imports from the packed library.
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { App, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { EksCluster, StudentTenancy, VpcNetwork, WebService } from "cohort-platform";

export class TeamStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: "eu-west-1" });
    // In-cluster constructs need the Kubernetes (and Helm) providers; EksClusterConnection configures them from a cluster name.
    new KubernetesProvider(this, "kubernetes", { configPath: "~/.kube/config" });
    new HelmProvider(this, "helm", { kubernetes: { configPath: "~/.kube/config" } });

    const network = new VpcNetwork(this, "network", { name: "team", cidr: "10.42.0.0/16", availabilityZones: 2 });
    const cluster = new EksCluster(this, "cluster", { clusterName: "team-eks", subnetIds: network.privateSubnetIds });
    cluster.addNodeGroup({ nodeGroupName: "general", instanceTypes: ["t3.xlarge"], minSize: 2, desiredSize: 2, maxSize: 4 });
    const tenancy = new StudentTenancy(this, "team-a", { namespace: "team-a", clusterNetworkCidrs: ["10.42.0.0/16", "172.20.0.0/16"] });
    tenancy.grantEdit({ kind: "Group", name: "team-a" });
    // tenancy.namespace is a reference to the namespace resource, so the Deployment is created after it.
    new WebService(this, "web", { name: "web", namespace: tenancy.namespace, image: "public.ecr.aws/nginx/nginx:1.29" , containerPort: 80, replicas: 2 });
  }
}

if (require.main === module) {
  const app = new App();
  new TeamStack(app, "team");
  app.synth();
}
