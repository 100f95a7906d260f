import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { SchedulerSchedule } from "@cdktf/provider-aws/lib/scheduler-schedule";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { attachPolicy, parsePrincipalArn, type IamPrincipal } from "../core/iam";
import { AwsNameLimit, fitName } from "../core/resource-name";
import type { LabWorkstations } from "./lab-workstations";
import { requireProps } from "../core/validation";

/** Tag keys every workstation carries. */
export const FLEET_TAG = "LabFleet";
export const STUDENT_TAG = "Student";

export interface LabWorkstationOptions {
  /**
   * The student's IAM user or role ARN (a literal); gets a policy to start Session Manager
   * sessions on this workstation only.
   * @default - no personal access (only the fleet's admins can open sessions)
   */
  readonly principalArn?: string;
}

export interface LabWorkstationProps extends LabWorkstationOptions {
  /** The fleet whose shared parts (security group, profile, AMI, user data, schedules) this uses. */
  readonly fleet: LabWorkstations;
  /** The student's name (a DNS-1123 label); keys every per-student name and tag. */
  readonly student: string;
}

/**
 * One student's lab workstation: an Amazon Linux 2023 instance in a private subnet, reachable by
 * Session Manager only, with the student's session policy and the fleet's daily stop. Create it
 * with {@link LabWorkstations.addWorkstation}, which checks the name and keeps it unique.
 */
export class LabWorkstation extends Construct {
  public readonly student: string;
  public readonly instanceId: string;
  public readonly instanceArn: string;
  public readonly privateIp: string;
  public readonly subnetId: string;
  /** `aws ssm start-session --target <instance id> --region <region>` */
  public readonly startSessionCommand: string;
  /** The student's session policy (undefined without `principalArn`). */
  public readonly sessionPolicyArn?: string;

  constructor(scope: Construct, id: string, props: LabWorkstationProps) {
    super(scope, id);
    requireProps(this, props, ["fleet", "student"]);
    const { fleet, student } = props;
    const principal = props.principalArn === undefined ? undefined : parsePrincipalArn(this, "principalArn", props.principalArn);
    this.student = student;
    this.subnetId = fleet.subnetIdFor(student);

    const burstable = /^t\d/.test(fleet.instanceType); // t2, t3, t3a, t4g (not trn1)
    const instance = new Instance(this, "instance", {
      ami: fleet.amiId,
      instanceType: fleet.instanceType,
      subnetId: this.subnetId,
      vpcSecurityGroupIds: [fleet.securityGroupId],
      iamInstanceProfile: fleet.instanceProfileName,
      associatePublicIpAddress: false,
      monitoring: false, // detailed (1-minute) monitoring is billed per instance
      creditSpecification: burstable ? { cpuCredits: fleet.cpuCredits } : undefined,
      // IMDSv2 only. Hop limit 1: containers on Docker's bridge network are one hop further away,
      // so a student's container cannot read the instance role's credentials.
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
      rootBlockDevice: { volumeType: "gp3", volumeSize: fleet.rootVolumeGiB, encrypted: true, deleteOnTermination: true },
      userData: escapeTerraformTemplate(fleet.userData),
      // A changed script is only picked up by new instances; never replace a student's box for it.
      userDataReplaceOnChange: false,
      tags: {
        Name: fitName(`${fleet.name}-lab-${student}`, AwsNameLimit.TAG_VALUE),
        [STUDENT_TAG]: student,
        [FLEET_TAG]: fleet.name,
      },
      // The AMI parameter moves with every AL2023 release; without this every student's box would
      // be replaced (its work lost) on the next apply. A changed setup script only runs on first
      // boot, so applying it to existing boxes would only stop and start them. New students get both.
      lifecycle: { ignoreChanges: ["ami", "user_data"] },
      // The setup script runs once, at first boot, and downloads everything it installs.
      dependsOn: [fleet.egressRule],
    });
    this.instanceId = instance.id;
    this.instanceArn = instance.arn;
    this.privateIp = instance.privateIp;
    this.startSessionCommand = `aws ssm start-session --target ${instance.id} --region ${fleet.region}`;

    if (principal) this.sessionPolicyArn = this.addSessionPolicy(fleet, principal);
    if (fleet.dailyStop && fleet.stopScheduleGroupName && fleet.stopSchedulerRoleArn) {
      const [hour, minute] = fleet.dailyStop.time.split(":").map(Number);
      new SchedulerSchedule(this, "daily-stop", {
        name: fitName(`${fleet.name}-lab-stop-${student}`, AwsNameLimit.SCHEDULER_SCHEDULE),
        groupName: fleet.stopScheduleGroupName,
        description: `Stops the lab workstation of ${student} every day`,
        scheduleExpression: `cron(${minute} ${hour} * * ? *)`,
        scheduleExpressionTimezone: fleet.dailyStop.timezone,
        flexibleTimeWindow: { mode: "OFF" },
        target: {
          arn: `arn:${fleet.partition}:scheduler:::aws-sdk:ec2:stopInstances`,
          roleArn: fleet.stopSchedulerRoleArn,
          input: Fn.jsonencode({ InstanceIds: [instance.id] }),
          // A stop that could not run within the hour is dropped rather than stopping the box hours late.
          retryPolicy: { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 3 },
        },
      });
    }
  }

  private addSessionPolicy(fleet: LabWorkstations, principal: IamPrincipal): string {
    const document = new DataAwsIamPolicyDocument(this, "session-policy-document", {
      statement: [
        {
          sid: "StartSessionOnOwnWorkstation",
          effect: "Allow",
          actions: ["ssm:StartSession"],
          // A shell, and port forwarding (to open the WordPress lab in a laptop browser).
          resources: [this.instanceArn, shellDocumentArn(fleet), portForwardingDocumentArn(fleet)],
        },
        endOwnSessionsStatement(fleet),
        {
          // After the fleet's daily stop, students start their own box again.
          sid: "StartOwnWorkstation",
          effect: "Allow",
          actions: ["ec2:StartInstances"],
          resources: [this.instanceArn],
        },
      ],
    });
    const policy = new IamPolicy(this, "session-policy", {
      name: fitName(`${fleet.name}-lab-${this.student}-session`, AwsNameLimit.IAM_POLICY),
      description: `Session Manager sessions on the lab workstation of ${this.student}`,
      policy: document.json,
    });
    attachPolicy(this, "session-policy-attachment", principal, policy.arn, fleet.accountId);
    return policy.arn;
  }
}

/** The account's Session Manager shell document (created per account and region, so the ARN names the account). */
export function shellDocumentArn(fleet: LabWorkstations): string {
  return `arn:${fleet.partition}:ssm:${fleet.region}:${fleet.accountId}:document/SSM-SessionManagerRunShell`;
}

/** AWS's port forwarding document (owned by AWS, so its ARN has no account). */
export function portForwardingDocumentArn(fleet: LabWorkstations): string {
  return `arn:${fleet.partition}:ssm:${fleet.region}::document/AWS-StartPortForwardingSession`;
}

/**
 * Ending and resuming one's own sessions: session IDs start with the caller's user name (IAM
 * users) or user ID. `$${...}` reaches IAM as the policy variable `${...}` (Terraform unescapes it).
 */
export function endOwnSessionsStatement(fleet: LabWorkstations): DataAwsIamPolicyDocumentStatement {
  const sessions = `arn:${fleet.partition}:ssm:*:${fleet.accountId}:session/`;
  return {
    sid: "EndOwnSessions",
    effect: "Allow",
    actions: ["ssm:TerminateSession", "ssm:ResumeSession"],
    resources: [sessions + "$${aws:username}-*", sessions + "$${aws:userid}-*"],
  };
}

/** Terraform reads `${` and `%{` in any string as template syntax; a script must reach the instance verbatim. */
export function escapeTerraformTemplate(text: string): string {
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}
