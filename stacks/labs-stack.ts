import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import type { CohortConfig } from "../config/cohort-schema";
import { LabWorkstations } from "../constructs/labs/lab-workstations";
import { VpcNetworkLookup } from "../constructs/network/vpc-network-lookup";
import { CohortStack } from "./cohort-stack";

/** The number of zones the cohort's network spans. */
export function zoneCount(cohort: CohortConfig): number {
  const zones = cohort.network.availabilityZones;
  return typeof zones === "number" ? zones : zones.length;
}

/**
 * `<cohort>-labs` (week 2): a Docker workstation per student, reachable through Session Manager
 * only. Finds the network by name (not by cross-stack tokens), so it deploys after `<cohort>-network`.
 */
export class LabsStack extends CohortStack {
  public readonly workstations: LabWorkstations;

  constructor(scope: Construct, cohort: CohortConfig) {
    super(scope, cohort, "labs");
    const network = new VpcNetworkLookup(this, "network", { name: cohort.name, cidr: cohort.network.cidr, zoneCount: zoneCount(cohort) });
    this.workstations = new LabWorkstations(this, "fleet", {
      name: cohort.name,
      vpcId: network.vpcId,
      subnetIds: network.privateSubnetIds,
      instanceType: cohort.labs.instanceType,
      rootVolumeGiB: cohort.labs.rootVolumeGiB,
      dailyStop: cohort.labs.dailyStop,
      adminPrincipalArns: cohort.admins.map((admin) => admin.principalArn),
      kubernetesVersion: cohort.cluster.version,
    });
    const perStudent = Object.fromEntries(
      cohort.students.map((student) => {
        const workstation = this.workstations.addWorkstation(student.name, { principalArn: student.principalArn });
        return [student.name, { instance_id: workstation.instanceId, start_session: workstation.startSessionCommand }];
      }),
    );
    new TerraformOutput(this, "workstations", { value: perStudent, description: "Per student: the lab workstation's instance id and the command that opens a shell on it" });
  }
}
