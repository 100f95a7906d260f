import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { SchedulerScheduleGroup } from "@cdktf/provider-aws/lib/scheduler-schedule-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { AwsNameLimit, fitName } from "../core/resource-name";
import { NEWEST_EKS_KUBERNETES_VERSION } from "../data/eks-kubernetes-versions";
import { rendezvousIndex } from "../core/rendezvous";
import { checkWholeNumber, propsError, requireProps } from "../core/validation";
import { attachPolicy, parsePrincipalArn, ServiceRole, type IamPrincipal } from "../core/iam";
import { endOwnSessionsStatement, FLEET_TAG, LabWorkstation, portForwardingDocumentArn, STUDENT_TAG, shellDocumentArn, type LabWorkstationOptions } from "./lab-workstation";
import { labWorkstationUserData, type CpuArchitecture } from "./user-data";

/** A daily time at which every workstation is stopped (students start theirs again when they need it). */
export interface DailyStop {
  /** `HH:MM`, 24-hour clock, e.g. `"23:00"`. */
  readonly time: string;
  /** An IANA time zone, e.g. `"Asia/Seoul"`. */
  readonly timezone: string;
}

/** How a burstable (`t*`) instance may use CPU above its baseline. */
export type CpuCredits = "standard" | "unlimited";

export interface LabWorkstationsProps {
  /** Prefixes every name and is the value of the `LabFleet` tag, e.g. `devops-2026`. */
  readonly name: string;
  readonly vpcId: string;
  /**
   * Private subnets to spread the workstations over (IDs may be tokens, but the count must be
   * known at synth time). Each student's subnet is picked from a hash of their name.
   */
  readonly subnetIds: readonly string[];
  /** @default LabWorkstations.DEFAULT_INSTANCE_TYPE ("t3.small") */
  readonly instanceType?: string;
  /** @default LabWorkstations.DEFAULT_ROOT_VOLUME_GIB (30) */
  readonly rootVolumeGiB?: number;
  /**
   * CPU credit mode of burstable (`t*`) instance types; ignored for other types. `standard` caps
   * each box at its baseline once its credits run out instead of billing the surplus.
   * @default LabWorkstations.DEFAULT_CPU_CREDITS ("standard")
   */
  readonly cpuCredits?: CpuCredits;
  /** Stop every workstation at this time each day (EventBridge Scheduler). @default - never stopped automatically */
  readonly dailyStop?: DailyStop;
  /** IAM users/roles (literal ARNs) that may start sessions on every workstation of this fleet. @default [] */
  readonly adminPrincipalArns?: readonly string[];
  /**
   * The `<major>.<minor>` of the cluster the students will use: kubectl is installed from that
   * minor version's package repository (kubectl works one minor version either side). Installed
   * at first boot only; existing workstations keep theirs.
   * @default LabWorkstations.DEFAULT_KUBERNETES_VERSION (the newest version EKS offers)
   */
  readonly kubernetesVersion?: string;
}

const INSTANCE_TYPE_PATTERN = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
/** Graviton families carry a `g` after the generation digit (t4g, m7g, c7gn, r8gd); a1 is the first Graviton. */
const GRAVITON_PATTERN = /^([a-z]+\d+g[a-z]*|a1)\./;
const DNS_LABEL_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;
const SECURITY_GROUP_NAME_LIMIT = 255;

/**
 * A fleet of lab workstations, one EC2 instance per student, reachable through AWS Systems
 * Manager Session Manager only: no SSH, no key pair, no inbound rule, no public IP. Holds what
 * the workstations share (security group, instance role and profile, AMI lookup, user data,
 * admin session policy, daily stop schedule group and role); {@link addWorkstation} adds a student.
 */
export class LabWorkstations extends Construct {
  public static readonly DEFAULT_INSTANCE_TYPE = "t3.small";
  public static readonly DEFAULT_ROOT_VOLUME_GIB = 30;
  public static readonly DEFAULT_CPU_CREDITS: CpuCredits = "standard";
  public static readonly DEFAULT_KUBERNETES_VERSION = NEWEST_EKS_KUBERNETES_VERSION;
  /** Denied on the instance role for every parameter but AWS's public ones. */
  public static readonly PARAMETER_READ_ACTIONS: readonly string[] = ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "ssm:GetParameterHistory"];
  public static readonly MIN_ROOT_VOLUME_GIB = 8;
  public static readonly MAX_ROOT_VOLUME_GIB = 16384;
  /** The tag whose value is the fleet name; admin sessions and the daily stop are scoped by it. */
  public static readonly FLEET_TAG = FLEET_TAG;
  public static readonly STUDENT_TAG = STUDENT_TAG;

  public readonly name: string;
  public readonly subnetIds: readonly string[];
  public readonly instanceType: string;
  public readonly architecture: CpuArchitecture;
  public readonly rootVolumeGiB: number;
  public readonly cpuCredits: CpuCredits;
  public readonly dailyStop?: DailyStop;
  /** The Amazon Linux 2023 AMI ID read from the public SSM parameter at plan time. */
  public readonly amiId: string;
  /** The first-boot script, exactly as it runs on the instance. */
  public readonly userData: string;
  public readonly securityGroupId: string;
  /** The security group's only rule; workstations depend on it, or their first boot could run without outbound access. */
  public readonly egressRule: VpcSecurityGroupEgressRule;
  public readonly instanceRoleName: string;
  public readonly instanceRoleArn: string;
  public readonly instanceProfileName: string;
  /** The policy admins get (undefined without `adminPrincipalArns`). */
  public readonly adminPolicyArn?: string;
  /** The daily stop's schedule group and role (undefined without `dailyStop`). */
  public readonly stopScheduleGroupName?: string;
  public readonly stopSchedulerRoleArn?: string;
  public readonly region: string;
  public readonly partition: string;
  public readonly accountId: string;

  private readonly byStudent = new Map<string, LabWorkstation>();

  constructor(scope: Construct, id: string, props: LabWorkstationsProps) {
    super(scope, id);
    requireProps(this, props, ["name", "vpcId", "subnetIds"]);
    this.name = props.name;
    this.subnetIds = this.checkSubnets(props.subnetIds);
    this.instanceType = this.checkInstanceType(props.instanceType ?? LabWorkstations.DEFAULT_INSTANCE_TYPE);
    this.architecture = LabWorkstations.architectureOf(this.instanceType);
    this.rootVolumeGiB = this.checkRootVolume(props.rootVolumeGiB ?? LabWorkstations.DEFAULT_ROOT_VOLUME_GIB);
    this.cpuCredits = props.cpuCredits ?? LabWorkstations.DEFAULT_CPU_CREDITS;
    if (!["standard", "unlimited"].includes(this.cpuCredits)) {
      throw propsError(this, `cpuCredits must be "standard" or "unlimited", got "${this.cpuCredits}"`);
    }
    if (props.dailyStop) this.dailyStop = this.checkDailyStop(props.dailyStop);
    const admins = this.checkAdmins(props.adminPrincipalArns ?? []);
    const kubernetesVersion = props.kubernetesVersion ?? LabWorkstations.DEFAULT_KUBERNETES_VERSION;
    if (Token.isUnresolved(kubernetesVersion) || !/^1\.\d{1,3}$/.test(kubernetesVersion)) {
      throw propsError(this, `kubernetesVersion must be a literal "<major>.<minor>" like "1.36" (it picks kubectl's package repository), got "${kubernetesVersion}"`);
    }

    this.region = new DataAwsRegion(this, "region").region;
    this.partition = new DataAwsPartition(this, "partition").partition;
    this.accountId = new DataAwsCallerIdentity(this, "account").accountId;

    // The latest AL2023 image at plan time; instances ignore later changes (see LabWorkstation).
    const ami = new DataAwsSsmParameter(this, "ami", { name: LabWorkstations.amiParameterName(this.architecture) });
    // A public String parameter: insecure_value keeps the AMI ID readable in plans.
    this.amiId = ami.insecureValue;
    this.userData = labWorkstationUserData({ architecture: this.architecture, kubernetesVersion });

    const securityGroup = new SecurityGroup(this, "security-group", {
      name: fitName(`${props.name}-lab-workstations`, SECURITY_GROUP_NAME_LIMIT),
      description: "Lab workstations: no inbound rules (Session Manager only)",
      vpcId: props.vpcId,
      tags: { Name: fitName(`${props.name}-lab-workstations`, AwsNameLimit.TAG_VALUE) },
    });
    // Outbound only: the SSM endpoints, package repositories, image registries, release downloads.
    this.egressRule = new VpcSecurityGroupEgressRule(this, "egress-all", {
      securityGroupId: securityGroup.id,
      ipProtocol: "-1",
      cidrIpv4: "0.0.0.0/0",
      description: "All outbound traffic over IPv4",
    });
    this.securityGroupId = securityGroup.id;

    const roleName = fitName(`${props.name}-lab-workstation`, AwsNameLimit.IAM_ROLE);
    const role = new ServiceRole(this, "instance-role", {
      name: roleName,
      servicePrincipal: "ec2.amazonaws.com",
      managedPolicies: ["AmazonSSMManagedInstanceCore"],
      // AmazonSSMManagedInstanceCore allows reading every SSM parameter of the account, and every
      // student has sudo on their box (so the role's credentials). Session Manager needs none of
      // that; only AWS's public parameters (/aws/service/*) stay readable.
      statements: [
        {
          sid: "OnlyPublicParameters",
          effect: "Deny",
          actions: LabWorkstations.PARAMETER_READ_ACTIONS,
          notResources: [`arn:${this.partition}:ssm:*::parameter/aws/service/*`],
        },
      ],
    });
    this.instanceRoleName = role.roleName;
    this.instanceRoleArn = role.roleArn;
    const profile = new IamInstanceProfile(this, "instance-profile", { name: roleName, role: role.roleName });
    this.instanceProfileName = profile.name;

    if (admins.length > 0) this.adminPolicyArn = this.addAdminPolicy(admins);
    if (this.dailyStop) {
      const group = new SchedulerScheduleGroup(this, "stop-schedule-group", { name: fitName(`${props.name}-lab-stop`, AwsNameLimit.SCHEDULER_SCHEDULE) });
      this.stopScheduleGroupName = group.name;
      this.stopSchedulerRoleArn = this.addStopRole();
    }
  }

  /** Adds a student's workstation; its construct id is the student's name. */
  public addWorkstation(student: string, options: LabWorkstationOptions = {}): LabWorkstation {
    if (Token.isUnresolved(student) || !DNS_LABEL_PATTERN.test(student) || student.length > 63) {
      throw propsError(this, `student must be a DNS-1123 label (1-63 lowercase letters, digits or "-", starting and ending with a letter or digit), got "${student}"`);
    }
    if (this.byStudent.has(student)) throw propsError(this, `student must be added once, got "${student}" twice`);
    const workstation = new LabWorkstation(this, student, { ...options, fleet: this, student });
    this.byStudent.set(student, workstation);
    return workstation;
  }

  /** The workstations added so far, in the order they were added. */
  public get workstations(): LabWorkstation[] {
    return [...this.byStudent.values()];
  }

  /** The subnet a student's workstation goes in: stable under adding, removing and reordering students. */
  public subnetIdFor(student: string): string {
    return this.subnetIds[LabWorkstations.subnetIndexFor(student, this.subnetIds.length)];
  }

  /** The subnet index for a student: rendezvous hashing of the name (see {@link rendezvousIndex}). */
  public static subnetIndexFor(student: string, subnetCount: number): number {
    return rendezvousIndex(student, subnetCount);
  }

  public static architectureOf(instanceType: string): CpuArchitecture {
    return GRAVITON_PATTERN.test(instanceType) ? "arm64" : "x86_64";
  }

  public static amiParameterName(architecture: CpuArchitecture): string {
    return `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${architecture}`;
  }

  private addAdminPolicy(admins: readonly IamPrincipal[]): string {
    const document = new DataAwsIamPolicyDocument(this, "admin-session-policy-document", {
      statement: [
        {
          sid: "StartSessionOnFleetWorkstations",
          effect: "Allow",
          actions: ["ssm:StartSession"],
          resources: [`arn:${this.partition}:ec2:${this.region}:${this.accountId}:instance/*`],
          condition: [{ test: "StringEquals", variable: `ssm:resourceTag/${LabWorkstations.FLEET_TAG}`, values: [this.name] }],
        },
        {
          sid: "UseShellAndPortForwardingDocuments",
          effect: "Allow",
          actions: ["ssm:StartSession"],
          resources: [shellDocumentArn(this), portForwardingDocumentArn(this)],
        },
        endOwnSessionsStatement(this),
        {
          // After the fleet's daily stop, admins start any box they need (students only their own).
          sid: "StartFleetWorkstations",
          effect: "Allow",
          actions: ["ec2:StartInstances"],
          resources: [`arn:${this.partition}:ec2:${this.region}:${this.accountId}:instance/*`],
          condition: [{ test: "StringEquals", variable: `aws:ResourceTag/${LabWorkstations.FLEET_TAG}`, values: [this.name] }],
        },
      ],
    });
    const policy = new IamPolicy(this, "admin-session-policy", {
      name: fitName(`${this.name}-lab-admin-sessions`, AwsNameLimit.IAM_POLICY),
      description: `Session Manager sessions on every lab workstation of ${this.name}`,
      policy: document.json,
    });
    for (const admin of admins) attachPolicy(this, `admin-${admin.kind}-${admin.name}`, admin, policy.arn, this.accountId);
    return policy.arn;
  }

  private addStopRole(): string {
    const role = new ServiceRole(this, "stop-scheduler-role", {
      name: fitName(`${this.name}-lab-stop`, AwsNameLimit.IAM_ROLE),
      servicePrincipal: "scheduler.amazonaws.com",
      // Only schedules of this account may use the role (confused-deputy protection).
      trustConditions: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [this.accountId] }],
      statements: [
        {
          sid: "StopFleetWorkstations",
          actions: ["ec2:StopInstances"],
          resources: [`arn:${this.partition}:ec2:${this.region}:${this.accountId}:instance/*`],
          conditions: [{ test: "StringEquals", variable: `aws:ResourceTag/${LabWorkstations.FLEET_TAG}`, values: [this.name] }],
        },
      ],
    });
    return role.roleArn;
  }

  private checkSubnets(subnetIds: readonly string[]): readonly string[] {
    if (Token.isUnresolved(subnetIds)) {
      throw propsError(this, "subnetIds must be a list whose length is known at synth time (e.g. VpcNetwork.privateSubnetIds), got a list token");
    }
    if (subnetIds.length === 0) throw propsError(this, "subnetIds must list at least one private subnet, got []");
    return [...subnetIds];
  }

  private checkInstanceType(instanceType: string): string {
    if (Token.isUnresolved(instanceType)) {
      throw propsError(this, "instanceType must be a literal like t3.small, not a token: the AMI architecture is chosen at synth time");
    }
    if (!INSTANCE_TYPE_PATTERN.test(instanceType)) {
      throw propsError(this, `instanceType must be an EC2 instance type like t3.small, got "${instanceType}"`);
    }
    return instanceType;
  }

  private checkRootVolume(gib: number): number {
    checkWholeNumber(this, "rootVolumeGiB", gib, LabWorkstations.MIN_ROOT_VOLUME_GIB, LabWorkstations.MAX_ROOT_VOLUME_GIB);
    return gib;
  }

  private checkDailyStop(dailyStop: DailyStop): DailyStop {
    if (!TIME_PATTERN.test(dailyStop.time)) {
      throw propsError(this, `dailyStop.time must be "HH:MM" from 00:00 to 23:59, got "${dailyStop.time}"`);
    }
    if (!isIanaTimeZone(dailyStop.timezone)) {
      throw propsError(this, `dailyStop.timezone must be an IANA time zone like "Asia/Seoul", got "${dailyStop.timezone}"`);
    }
    return { time: dailyStop.time, timezone: dailyStop.timezone };
  }

  private checkAdmins(arns: readonly string[]): IamPrincipal[] {
    const seen = new Set<string>();
    return arns.map((arn, index) => {
      const principal = parsePrincipalArn(this, `adminPrincipalArns[${index}]`, arn);
      // Attachments are keyed by kind and name (IAM names are unique whatever the path).
      const key = `${principal.kind}/${principal.name}`;
      if (seen.has(key)) throw propsError(this, `adminPrincipalArns must not list a principal twice, got "${arn}" twice`);
      seen.add(key);
      return principal;
    });
  }
}

/**
 * An IANA zone name EventBridge Scheduler accepts: a name (not an offset like `+09:00`) that the
 * runtime's time zone database knows, spelled in its canonical case.
 */
function isIanaTimeZone(timezone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(timezone)) return false;
  try {
    const resolved = new Intl.DateTimeFormat("en", { timeZone: timezone }).resolvedOptions().timeZone;
    return resolved === timezone || Intl.supportedValuesOf("timeZone").includes(timezone);
  } catch {
    return false;
  }
}
