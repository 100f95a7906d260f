import { createHash } from "crypto";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { Lazy, TerraformOutput, Token } from "cdktf";
import { LabWorkstations, type LabWorkstationsProps } from "../constructs/labs/lab-workstations";
import { escapeTerraformTemplate, type LabWorkstationOptions } from "../constructs/labs/lab-workstation";
import {
  DOCKER_COMPOSE_SHA256,
  DOCKER_COMPOSE_VERSION,
  labWorkstationUserData,
} from "../constructs/labs/user-data";
import { NEWEST_EKS_KUBERNETES_VERSION } from "../constructs/data/eks-kubernetes-versions";
import { awsTestStack, blocksOf, synthStack, type SynthesizedStack } from "./helpers";

const SUBNETS = ["subnet-a", "subnet-b", "subnet-c"];
const ACCOUNT = "123456789012";
const USER_ARN = `arn:aws:iam::${ACCOUNT}:user/students/2026/alice`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/lab/bob-role`;

type Roster = readonly (readonly [string, LabWorkstationOptions?])[];

/** The plan-time check that a principal belongs to the deploying account (policies attach by name). */
const sameAccount = (arn: string) => ({
  precondition: [
    {
      condition: expect.stringMatching(/^\$\{\(data\.aws_caller_identity\.labs_account_\w+\.account_id == "123456789012"\)\}$/),
      error_message: expect.stringContaining(`${arn} belongs to account 123456789012, not to the account being deployed`),
    },
  ],
});

function synthFleet(props: Partial<LabWorkstationsProps> = {}, roster: Roster = [["alice"]]) {
  const stack = awsTestStack();
  const fleet = new LabWorkstations(stack, "labs", { name: "demo", vpcId: "vpc-123", subnetIds: SUBNETS, ...props });
  const workstations = roster.map(([student, options]) => fleet.addWorkstation(student, options));
  return { stack, fleet, workstations, ...synthStack(stack) };
}

/** [logical id, block] pairs of one resource (or data source) type. */
function entriesOf(json: SynthesizedStack, type: string, kind: "resource" | "data" = "resource"): [string, Record<string, any>][] {
  return Object.entries(json[kind]?.[type] ?? {});
}

function instanceOf(json: SynthesizedStack, student: string): { id: string; block: Record<string, any> } {
  const [id, block] = entriesOf(json, "aws_instance").find(([, instance]) => instance.tags.Student === student)!;
  return { id, block };
}

const ref = (address: string) => `\${${address}}`;
const idOf = (reference: string) => /^\$\{[\w.]+\.([\w-]+)\.\w+\}$/.exec(reference)![1];

describe("LabWorkstations", () => {
  describe("network exposure", () => {
    test("no ingress rule anywhere, no key pair, one security group with IPv4 egress only", () => {
      const { json, text } = synthFleet({}, [["alice", { principalArn: USER_ARN }], ["bob"]]);
      expect(text).not.toMatch(/ingress/i);
      expect(text).not.toMatch(/key_name|aws_key_pair/);
      expect(blocksOf(json, "aws_security_group_rule")).toHaveLength(0);
      expect(blocksOf(json, "aws_security_group")).toEqual([
        { name: "demo-lab-workstations", description: "Lab workstations: no inbound rules (Session Manager only)", vpc_id: "vpc-123", tags: { Name: "demo-lab-workstations" } },
      ]);
      const [[groupId]] = entriesOf(json, "aws_security_group");
      expect(blocksOf(json, "aws_vpc_security_group_egress_rule")).toEqual([
        { security_group_id: ref(`aws_security_group.${groupId}.id`), ip_protocol: "-1", cidr_ipv4: "0.0.0.0/0", description: "All outbound traffic over IPv4" },
      ]);
      for (const instance of blocksOf(json, "aws_instance")) {
        expect(instance.vpc_security_group_ids).toEqual([ref(`aws_security_group.${groupId}.id`)]);
        expect(instance.associate_public_ip_address).toBe(false);
      }
    });
  });

  describe("instance", () => {
    test("IMDSv2 with hop limit 1, encrypted gp3 root volume, no public IP, no detailed monitoring, tags", () => {
      const { json } = synthFleet({ rootVolumeGiB: 40 });
      const { block } = instanceOf(json, "alice");
      const [[parameterId]] = entriesOf(json, "aws_ssm_parameter", "data");
      const [[profileId]] = entriesOf(json, "aws_iam_instance_profile");
      expect(block).toMatchObject({
        ami: ref(`data.aws_ssm_parameter.${parameterId}.insecure_value`),
        instance_type: "t3.small",
        iam_instance_profile: ref(`aws_iam_instance_profile.${profileId}.name`),
        associate_public_ip_address: false,
        monitoring: false,
        credit_specification: { cpu_credits: "standard" },
        metadata_options: { http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 1 },
        root_block_device: { volume_type: "gp3", volume_size: 40, encrypted: true, delete_on_termination: true },
        user_data_replace_on_change: false,
        tags: { Name: "demo-lab-alice", Student: "alice", LabFleet: "demo" },
        lifecycle: { ignore_changes: ["ami", "user_data"] },
      });
      expect(block.key_name).toBeUndefined();
    });

    test("defaults: t3.small and a 30 GiB root volume", () => {
      const { json } = synthFleet();
      expect(LabWorkstations.DEFAULT_INSTANCE_TYPE).toBe("t3.small");
      expect(LabWorkstations.DEFAULT_ROOT_VOLUME_GIB).toBe(30);
      expect(instanceOf(json, "alice").block).toMatchObject({ instance_type: "t3.small", root_block_device: { volume_size: 30 } });
    });

    test.each([
      ["t3.small", "x86_64"],
      ["m7i.large", "x86_64"],
      ["g5.xlarge", "x86_64"],
      ["t4g.small", "arm64"],
      ["m7g.large", "arm64"],
      ["c7gn.xlarge", "arm64"],
      ["r8gd.large", "arm64"],
    ])("%s takes the AL2023 %s AMI from the public SSM parameter and matching binaries", (instanceType, architecture) => {
      const { json, fleet } = synthFleet({ instanceType });
      expect(fleet.architecture).toBe(architecture);
      expect(blocksOf(json, "aws_ssm_parameter", "data")).toEqual([
        { name: `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${architecture}` },
      ]);
      const userData = instanceOf(json, "alice").block.user_data as string;
      expect(userData).toContain(DOCKER_COMPOSE_SHA256[architecture as "x86_64" | "arm64"]);
    });

    test.each([
      ["m7i.large", {}, undefined],
      ["trn1.2xlarge", {}, undefined],
      ["t3.small", { cpuCredits: "unlimited" as const }, { cpu_credits: "unlimited" }],
      ["t4g.small", {}, { cpu_credits: "standard" }],
    ])("%s %j: credit specification %j (burstable types only)", (instanceType, props, expected) => {
      const { json } = synthFleet({ instanceType, ...props });
      expect(instanceOf(json, "alice").block.credit_specification).toEqual(expected);
    });

    test("startSessionCommand targets the instance in the region read from the provider", () => {
      const stack = awsTestStack();
      const fleet = new LabWorkstations(stack, "labs", { name: "demo", vpcId: "vpc-123", subnetIds: SUBNETS });
      const workstation = fleet.addWorkstation("alice");
      new TerraformOutput(stack, "command", { value: workstation.startSessionCommand });
      new TerraformOutput(stack, "arn", { value: workstation.instanceArn });
      const { json } = synthStack(stack);
      const { id } = instanceOf(json, "alice");
      const [[regionId]] = entriesOf(json, "aws_region", "data");
      expect(json.output!.command.value).toBe(`aws ssm start-session --target ${ref(`aws_instance.${id}.id`)} --region ${ref(`data.aws_region.${regionId}.region`)}`);
      expect(json.output!.arn.value).toBe(ref(`aws_instance.${id}.arn`));
      expect(workstation.student).toBe("alice");
    });
  });

  describe("instance role", () => {
    test("trusts ec2.amazonaws.com and has exactly AmazonSSMManagedInstanceCore, through an instance profile", () => {
      const { json, text } = synthFleet();
      const roles = entriesOf(json, "aws_iam_role");
      expect(roles).toHaveLength(1);
      const [[roleId, role]] = roles;
      expect(role.name).toBe("demo-lab-workstation");
      const trust = blocksOf(json, "aws_iam_policy_document", "data").find((document) => document.statement[0].principals);
      expect(trust!.statement).toEqual([{ effect: "Allow", actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["ec2.amazonaws.com"] }] }]);
      expect(blocksOf(json, "aws_iam_role_policy_attachment")).toEqual([
        { role: ref(`aws_iam_role.${roleId}.name`), policy_arn: expect.stringMatching(/^arn:\$\{data\.aws_partition\.[\w-]+\.partition\}:iam::aws:policy\/AmazonSSMManagedInstanceCore$/) },
      ]);
      // The core policy reads any parameter; students have sudo on the box, so the role denies all but AWS's public ones.
      expect(blocksOf(json, "aws_iam_role_policy")).toEqual([{ name: "permissions", role: ref(`aws_iam_role.${roleId}.id`), policy: expect.stringContaining("instance-role_permissions") }]);
      const deny = blocksOf(json, "aws_iam_policy_document", "data").find((document) => document.statement[0].sid === "OnlyPublicParameters");
      expect(deny!.statement).toEqual([
        {
          sid: "OnlyPublicParameters",
          effect: "Deny",
          actions: ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "ssm:GetParameterHistory"],
          not_resources: [expect.stringMatching(/^arn:\$\{data\.aws_partition\.[\w-]+\.partition\}:ssm:\*::parameter\/aws\/service\/\*$/)],
        },
      ]);
      expect(text).toHaveResourceWithProperties(IamInstanceProfile, { name: "demo-lab-workstation", role: ref(`aws_iam_role.${roleId}.name`) });
    });
  });

  describe("student session access", () => {
    /** The student's policy document, found through the attachment, the policy and its document. */
    function studentPolicy(json: SynthesizedStack, attachmentType: string, principalField: string, principalName: string) {
      const attachment = blocksOf(json, attachmentType).find((block) => block[principalField] === principalName)!;
      expect(attachment).toBeDefined();
      const policy = json.resource!.aws_iam_policy[idOf(attachment.policy_arn)];
      const document = json.data!.aws_iam_policy_document[idOf(policy.policy)];
      return { policy, statements: document.statement as Record<string, any>[] };
    }

    test.each([
      ["an IAM user with a path", USER_ARN, "aws_iam_user_policy_attachment", "user", "alice"],
      ["an IAM role with a path", ROLE_ARN, "aws_iam_role_policy_attachment", "role", "bob-role"],
    ])("%s may start sessions on (and start) their own instance only", (_, principalArn, attachmentType, field, name) => {
      const { json } = synthFleet({}, [["alice", { principalArn }], ["carol"]]);
      const { id } = instanceOf(json, "alice");
      const { policy, statements } = studentPolicy(json, attachmentType, field, name);
      expect(policy.name).toBe("demo-lab-alice-session");
      expect(statements).toEqual([
        {
          sid: "StartSessionOnOwnWorkstation",
          effect: "Allow",
          actions: ["ssm:StartSession"],
          resources: [
            ref(`aws_instance.${id}.arn`),
            expect.stringMatching(/^arn:\$\{data\.aws_partition\.[\w-]+\.partition\}:ssm:\$\{data\.aws_region\.[\w-]+\.region\}:\$\{data\.aws_caller_identity\.[\w-]+\.account_id\}:document\/SSM-SessionManagerRunShell$/),
            expect.stringMatching(/^arn:\$\{data\.aws_partition\.[\w-]+\.partition\}:ssm:\$\{data\.aws_region\.[\w-]+\.region\}::document\/AWS-StartPortForwardingSession$/),
          ],
        },
        {
          sid: "EndOwnSessions",
          effect: "Allow",
          actions: ["ssm:TerminateSession", "ssm:ResumeSession"],
          resources: [
            expect.stringMatching(/^arn:\$\{data\.aws_partition\.[\w-]+\.partition\}:ssm:\*:\$\{data\.aws_caller_identity\.[\w-]+\.account_id\}:session\/\$\$\{aws:username\}-\*$/),
            expect.stringMatching(/:session\/\$\$\{aws:userid\}-\*$/),
          ],
        },
        { sid: "StartOwnWorkstation", effect: "Allow", actions: ["ec2:StartInstances"], resources: [ref(`aws_instance.${id}.arn`)] },
      ]);
      // Only one student has a principal, so only one policy and one attachment exist.
      expect(blocksOf(json, "aws_iam_policy")).toHaveLength(1);
      expect(blocksOf(json, "aws_iam_user_policy_attachment").length + blocksOf(json, "aws_iam_role_policy_attachment").length).toBe(2); // + the SSM core attachment
    });

    test("a student without principalArn gets no policy", () => {
      const { json, workstations } = synthFleet({}, [["alice"]]);
      expect(blocksOf(json, "aws_iam_policy")).toHaveLength(0);
      expect(blocksOf(json, "aws_iam_user_policy_attachment")).toHaveLength(0);
      expect(workstations[0].sessionPolicyArn).toBeUndefined();
    });

    test("the session policy variables reach IAM escaped once for Terraform", () => {
      const { text } = synthFleet({}, [["alice", { principalArn: USER_ARN }]]);
      expect(text).toContain(":session/$${aws:username}-*");
      expect(text).toContain(":session/$${aws:userid}-*");
      expect(text).not.toMatch(/[^$]\$\{aws:/);
    });
  });

  describe("admin session access", () => {
    test("admins may start sessions on instances tagged with this fleet, attached to each admin user or role", () => {
      const adminUser = `arn:aws:iam::${ACCOUNT}:user/teacher`;
      const adminRole = `arn:aws:iam::${ACCOUNT}:role/ops/instructors`;
      const { json, fleet } = synthFleet({ adminPrincipalArns: [adminUser, adminRole] }, [["alice"]]);
      const [[policyId, policy]] = entriesOf(json, "aws_iam_policy");
      expect(policy.name).toBe("demo-lab-admin-sessions");
      const document = json.data!.aws_iam_policy_document[idOf(policy.policy)];
      expect(document.statement).toEqual([
        {
          sid: "StartSessionOnFleetWorkstations",
          effect: "Allow",
          actions: ["ssm:StartSession"],
          resources: [expect.stringMatching(/^arn:\$\{data\.aws_partition\.[\w-]+\.partition\}:ec2:\$\{data\.aws_region\.[\w-]+\.region\}:\$\{data\.aws_caller_identity\.[\w-]+\.account_id\}:instance\/\*$/)],
          condition: [{ test: "StringEquals", variable: "ssm:resourceTag/LabFleet", values: ["demo"] }],
        },
        {
          sid: "UseShellAndPortForwardingDocuments",
          effect: "Allow",
          actions: ["ssm:StartSession"],
          resources: [expect.stringMatching(/:document\/SSM-SessionManagerRunShell$/), expect.stringMatching(/::document\/AWS-StartPortForwardingSession$/)],
        },
        expect.objectContaining({ sid: "EndOwnSessions", actions: ["ssm:TerminateSession", "ssm:ResumeSession"] }),
        {
          sid: "StartFleetWorkstations",
          effect: "Allow",
          actions: ["ec2:StartInstances"],
          resources: [expect.stringMatching(/:instance\/\*$/)],
          condition: [{ test: "StringEquals", variable: "aws:ResourceTag/LabFleet", values: ["demo"] }],
        },
      ]);
      expect(blocksOf(json, "aws_iam_user_policy_attachment")).toEqual([{ user: "teacher", policy_arn: ref(`aws_iam_policy.${policyId}.arn`), lifecycle: sameAccount(adminUser) }]);
      expect(blocksOf(json, "aws_iam_role_policy_attachment")).toContainEqual({ role: "instructors", policy_arn: ref(`aws_iam_policy.${policyId}.arn`), lifecycle: sameAccount(adminRole) });
      expect(fleet.adminPolicyArn).toBeDefined();
    });

    test("no admin policy by default", () => {
      const { json, fleet } = synthFleet();
      expect(blocksOf(json, "aws_iam_policy")).toHaveLength(0);
      expect(fleet.adminPolicyArn).toBeUndefined();
    });
  });

  describe("placement", () => {
    const subnetOf = (json: SynthesizedStack, student: string) => instanceOf(json, student).block.subnet_id as string;
    /** Every resource and data source as "type.logicalId" -> its JSON. */
    const blocksById = (json: SynthesizedStack) =>
      new Map(
        (["resource", "data"] as const).flatMap((kind) =>
          Object.entries(json[kind] ?? {}).flatMap(([type, blocks]) => Object.entries(blocks).map(([id, block]) => [`${kind}.${type}.${id}`, JSON.stringify(block)] as const)),
        ),
      );

    const expectedIndex = (student: string, count: number) => {
      const scores = Array.from({ length: count }, (_, index) => createHash("sha256").update(`${student}#${index}`).digest().readUInt32BE(0));
      return scores.indexOf(Math.max(...scores));
    };

    test("a student's subnet is the index with the highest sha256(name#index)", () => {
      const { json } = synthFleet({}, [["alice"], ["bob"], ["carol"]]);
      for (const student of ["alice", "bob", "carol"]) expect(subnetOf(json, student)).toBe(SUBNETS[expectedIndex(student, SUBNETS.length)]);
    });

    test("adding a subnet moves only the students who go to the new one", () => {
      const names = Array.from({ length: 60 }, (_, index) => `student-${index}`);
      const moved = names.filter((name) => LabWorkstations.subnetIndexFor(name, 4) !== LabWorkstations.subnetIndexFor(name, 3));
      for (const name of moved) expect(LabWorkstations.subnetIndexFor(name, 4)).toBe(3);
      expect(moved.length).toBeGreaterThan(0);
      expect(moved.length).toBeLessThan(names.length / 2);
    });

    test("adding or removing students changes nothing of the others: everything per student is keyed by the name", () => {
      const props = { adminPrincipalArns: [`arn:aws:iam::${ACCOUNT}:user/teacher`], dailyStop: { time: "23:00", timezone: "Asia/Seoul" } };
      const small = blocksById(synthFleet(props, [["alice", { principalArn: USER_ARN }], ["bob"]]).json);
      const large = blocksById(synthFleet(props, [["zoe"], ["bob"], ["alice", { principalArn: USER_ARN }], ["carol", { principalArn: ROLE_ARN }]]).json);
      // Every block of the small fleet is in the large one, unchanged (same address, same settings, same subnet).
      for (const [address, block] of small) expect([address, large.get(address)]).toEqual([address, block]);
      // What the large fleet adds belongs to the added students only.
      const added = [...large.keys()].filter((address) => !small.has(address));
      expect(added.map((address) => address.replace(/\.[^.]+$/, "")).sort()).toEqual([
        "data.aws_iam_policy_document", // carol's session policy
        "resource.aws_iam_policy",
        "resource.aws_iam_role_policy_attachment",
        "resource.aws_instance",
        "resource.aws_instance",
        "resource.aws_scheduler_schedule",
        "resource.aws_scheduler_schedule",
      ]);
      for (const address of added) expect(address).toMatch(/\.labs_(zoe|carol)_/);
    });

    test("two fleets with the same subnets place each student alike whatever the roster order", () => {
      const names = Array.from({ length: 12 }, (_, index) => `student-${index}`);
      const forward = synthFleet({}, names.map((name) => [name] as const));
      const backward = synthFleet({}, [...names].reverse().map((name) => [name] as const));
      for (const name of names) expect(subnetOf(backward.json, name)).toBe(subnetOf(forward.json, name));
      // The rule does spread students: twelve names do not all land in one subnet.
      expect(new Set(names.map((name) => subnetOf(forward.json, name))).size).toBeGreaterThan(1);
    });
  });

  describe("daily stop", () => {
    test.each([
      ["23:00", "cron(0 23 * * ? *)"],
      ["07:05", "cron(5 7 * * ? *)"],
      ["00:00", "cron(0 0 * * ? *)"],
      ["18:59", "cron(59 18 * * ? *)"],
    ])("%s becomes %s in the given time zone, stopping the student's instance", (time, expression) => {
      const { json } = synthFleet({ dailyStop: { time, timezone: "Asia/Seoul" } }, [["alice"], ["bob"]]);
      const [[groupId, group]] = entriesOf(json, "aws_scheduler_schedule_group");
      expect(group).toMatchObject({ name: "demo-lab-stop" });
      const schedules = blocksOf(json, "aws_scheduler_schedule");
      expect(schedules).toHaveLength(2);
      const { id } = instanceOf(json, "alice");
      const schedule = schedules.find((block) => block.name === "demo-lab-stop-alice")!;
      expect(schedule).toMatchObject({
        group_name: ref(`aws_scheduler_schedule_group.${groupId}.name`),
        schedule_expression: expression,
        schedule_expression_timezone: "Asia/Seoul",
        flexible_time_window: { mode: "OFF" },
        target: {
          arn: expect.stringMatching(/^arn:\$\{data\.aws_partition\.[\w-]+\.partition\}:scheduler:::aws-sdk:ec2:stopInstances$/),
          input: `\${jsonencode({"InstanceIds" = [aws_instance.${id}.id]})}`,
          role_arn: expect.stringMatching(/^\$\{aws_iam_role\.[\w-]+\.arn\}$/),
        },
      });
    });

    test("the scheduler role trusts scheduler.amazonaws.com from this account and may only stop this fleet's instances", () => {
      const { json } = synthFleet({ dailyStop: { time: "23:00", timezone: "Asia/Seoul" } });
      const role = entriesOf(json, "aws_iam_role").find(([, block]) => block.name === "demo-lab-stop")!;
      expect(role).toBeDefined();
      const [roleId, roleBlock] = role;
      const schedule = blocksOf(json, "aws_scheduler_schedule")[0];
      expect(schedule.target.role_arn).toBe(ref(`aws_iam_role.${roleId}.arn`));
      const trust = json.data!.aws_iam_policy_document[idOf(roleBlock.assume_role_policy)];
      expect(trust.statement).toEqual([
        {
          effect: "Allow",
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["scheduler.amazonaws.com"] }],
          condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [expect.stringMatching(/^\$\{data\.aws_caller_identity\.[\w-]+\.account_id\}$/)] }],
        },
      ]);
      const inline = blocksOf(json, "aws_iam_role_policy").find((block) => block.role === ref(`aws_iam_role.${roleId}.id`))!;
      const permissions = json.data!.aws_iam_policy_document[idOf(inline.policy)];
      expect(permissions.statement).toEqual([
        {
          sid: "StopFleetWorkstations",
          effect: "Allow",
          actions: ["ec2:StopInstances"],
          resources: [expect.stringMatching(/^arn:\$\{data\.aws_partition\.[\w-]+\.partition\}:ec2:\$\{data\.aws_region\.[\w-]+\.region\}:\$\{data\.aws_caller_identity\.[\w-]+\.account_id\}:instance\/\*$/)],
          condition: [{ test: "StringEquals", variable: "aws:ResourceTag/LabFleet", values: ["demo"] }],
        },
      ]);
      expect(blocksOf(json, "aws_iam_role_policy_attachment").filter((block) => block.role === ref(`aws_iam_role.${roleId}.name`))).toHaveLength(0);
    });

    test("without dailyStop there is no schedule, schedule group or scheduler role", () => {
      const { json, fleet } = synthFleet({}, [["alice"], ["bob"]]);
      expect(blocksOf(json, "aws_scheduler_schedule")).toHaveLength(0);
      expect(blocksOf(json, "aws_scheduler_schedule_group")).toHaveLength(0);
      expect(blocksOf(json, "aws_iam_role").map((role) => role.name)).toEqual(["demo-lab-workstation"]);
      expect(fleet.stopScheduleGroupName).toBeUndefined();
    });

    test.each(["Asia/Seoul", "UTC", "America/New_York", "Europe/Berlin"])("%s is accepted as a time zone", (timezone) => {
      expect(() => synthFleet({ dailyStop: { time: "22:30", timezone } })).not.toThrow();
    });
  });

  describe("user data", () => {
    test.each(["x86_64", "arm64"] as const)("%s: pinned, checksum-verified Docker Compose; kubectl of the cluster's minor from the signed repository; Docker for ssm-user", (architecture) => {
      const script = labWorkstationUserData({ architecture, kubernetesVersion: "1.35" });
      expect(script.startsWith("#!/bin/bash\n")).toBe(true);
      // -E: a failed download inside install_verified still reaches the ERR trap and the log.
      expect(script).toContain("set -Eeuo pipefail");
      expect(script).toContain("exec >>/var/log/lab-setup.log 2>&1");
      expect(script).toContain("dnf install -y docker\nsystemctl enable --now docker\n");
      expect(script).toContain("useradd --create-home --shell /bin/bash ssm-user");
      expect(script).toContain("usermod -aG docker ssm-user");
      expect(script).toContain('echo "$2  $tmp" | sha256sum --check --strict');
      const compose = architecture === "arm64" ? "aarch64" : "x86_64";
      expect(script).toContain(
        `install_verified "https://github.com/docker/compose/releases/download/v${DOCKER_COMPOSE_VERSION}/docker-compose-linux-${compose}" \\\n` +
          `  "${DOCKER_COMPOSE_SHA256[architecture]}" \\\n  /usr/local/lib/docker/cli-plugins/docker-compose\n`,
      );
      expect(script).toContain(
        "baseurl=https://pkgs.k8s.io/core:/stable:/v1.35/rpm/\nenabled=1\ngpgcheck=1\ngpgkey=https://pkgs.k8s.io/core:/stable:/v1.35/rpm/repodata/repomd.xml.key\n",
      );
      expect(script).toContain("dnf install -y kubectl\n");
      expect(script).toContain("command -v aws >/dev/null 2>&1 || dnf install -y awscli-2");
      // Terraform would interpolate these in the user_data string.
      expect(script).not.toMatch(/\$\{|%\{/);
    });

    test("the pinned versions and checksums", () => {
      expect(DOCKER_COMPOSE_VERSION).toBe("2.40.3");
      expect(Object.keys(DOCKER_COMPOSE_SHA256).sort()).toEqual(["arm64", "x86_64"]);
      for (const sum of Object.values(DOCKER_COMPOSE_SHA256)) expect(sum).toMatch(/^[0-9a-f]{64}$/);
    });

    test("kubectl follows the kubernetesVersion prop, the newest EKS version by default", () => {
      expect(synthFleet({ kubernetesVersion: "1.34" }).fleet.userData).toContain("pkgs.k8s.io/core:/stable:/v1.34/rpm/");
      expect(synthFleet({}).fleet.userData).toContain(`pkgs.k8s.io/core:/stable:/v${NEWEST_EKS_KUBERNETES_VERSION}/rpm/`);
      expect(() => synthFleet({ kubernetesVersion: "v1.34" })).toThrow(
        'LabWorkstations test/labs: kubernetesVersion must be a literal "<major>.<minor>" like "1.36" (it picks kubectl\'s package repository), got "v1.34"',
      );
    });

    test("template syntax in a script would be escaped for Terraform", () => {
      expect(escapeTerraformTemplate('echo "${HOME}" %{x} $PATH ${a}${b}')).toBe('echo "$${HOME}" %%{x} $PATH $${a}$${b}');
    });

    test("the instance runs the script verbatim", () => {
      const { json, fleet } = synthFleet({}, [["alice"]]);
      const expected = labWorkstationUserData({ architecture: "x86_64", kubernetesVersion: NEWEST_EKS_KUBERNETES_VERSION });
      expect(instanceOf(json, "alice").block.user_data).toBe(expected);
      expect(fleet.userData).toBe(expected);
    });
  });

  describe("validation", () => {
    test("an IAM Identity Center role cannot get a session policy (AWS refuses to change those roles)", () => {
      const sso = `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Student_0123456789abcdef`;
      expect(() => synthFleet({}, [["alice", { principalArn: sso }]])).toThrow(
        `LabWorkstation test/labs/alice: cannot attach a policy to the IAM Identity Center role "${sso}": AWS lets nobody change those roles (UnmodifiableEntity); register an IAM user or a role of the account instead, or grant the permissions in the permission set`,
      );
    });

    const PREFIX = "LabWorkstations test/labs: ";
    const listToken = Token.asList(Lazy.anyValue({ produce: () => ["subnet-a"] }));

    test.each<[string, Partial<LabWorkstationsProps>, string]>([
      ["no subnets", { subnetIds: [] }, "subnetIds must list at least one private subnet, got []"],
      ["a list token", { subnetIds: listToken }, "subnetIds must be a list whose length is known at synth time (e.g. VpcNetwork.privateSubnetIds), got a list token"],
      ["an upper-case type", { instanceType: "T3.small" }, 'instanceType must be an EC2 instance type like t3.small, got "T3.small"'],
      ["a type without size", { instanceType: "t3" }, 'instanceType must be an EC2 instance type like t3.small, got "t3"'],
      ["a type token", { instanceType: Token.asString(Lazy.stringValue({ produce: () => "t3.small" })) }, "instanceType must be a literal like t3.small, not a token: the AMI architecture is chosen at synth time"],
      ["a small root volume", { rootVolumeGiB: 7 }, "rootVolumeGiB must be a whole number from 8 to 16384, got 7"],
      ["a huge root volume", { rootVolumeGiB: 16385 }, "rootVolumeGiB must be a whole number from 8 to 16384, got 16385"],
      ["a fractional root volume", { rootVolumeGiB: 30.5 }, "rootVolumeGiB must be a whole number from 8 to 16384, got 30.5"],
      ["unknown credits", { cpuCredits: "burst" as any }, 'cpuCredits must be "standard" or "unlimited", got "burst"'],
      ["hour 24", { dailyStop: { time: "24:00", timezone: "Asia/Seoul" } }, 'dailyStop.time must be "HH:MM" from 00:00 to 23:59, got "24:00"'],
      ["minute 60", { dailyStop: { time: "12:60", timezone: "Asia/Seoul" } }, 'dailyStop.time must be "HH:MM" from 00:00 to 23:59, got "12:60"'],
      ["one-digit hour", { dailyStop: { time: "7:00", timezone: "Asia/Seoul" } }, 'dailyStop.time must be "HH:MM" from 00:00 to 23:59, got "7:00"'],
      ["unknown zone", { dailyStop: { time: "23:00", timezone: "Mars/Olympus_Mons" } }, 'dailyStop.timezone must be an IANA time zone like "Asia/Seoul", got "Mars/Olympus_Mons"'],
      ["lower-case zone", { dailyStop: { time: "23:00", timezone: "asia/seoul" } }, 'dailyStop.timezone must be an IANA time zone like "Asia/Seoul", got "asia/seoul"'],
      ["an offset", { dailyStop: { time: "23:00", timezone: "+09:00" } }, 'dailyStop.timezone must be an IANA time zone like "Asia/Seoul", got "+09:00"'],
      [
        "a group ARN",
        { adminPrincipalArns: [`arn:aws:iam::${ACCOUNT}:user/teacher`, `arn:aws:iam::${ACCOUNT}:group/teachers`] },
        `adminPrincipalArns[1] must be a literal IAM user or role ARN (arn:aws:iam::<account>:user/<name> or :role/<name>), got "arn:aws:iam::${ACCOUNT}:group/teachers"`,
      ],
      [
        "an assumed-role ARN",
        { adminPrincipalArns: [`arn:aws:sts::${ACCOUNT}:assumed-role/ops/me`] },
        `adminPrincipalArns[0] must be a literal IAM user or role ARN (arn:aws:iam::<account>:user/<name> or :role/<name>), got "arn:aws:sts::${ACCOUNT}:assumed-role/ops/me"`,
      ],
      [
        "a repeated admin",
        { adminPrincipalArns: [`arn:aws:iam::${ACCOUNT}:user/teacher`, `arn:aws:iam::${ACCOUNT}:user/staff/teacher`] },
        `adminPrincipalArns must not list a principal twice, got "arn:aws:iam::${ACCOUNT}:user/staff/teacher" twice`,
      ],
    ])("%s", (_, props, message) => {
      expect(() => synthFleet(props, [])).toThrow(new Error(PREFIX + message));
    });

    test.each(["Alice", "-bob", "bob-", "a_b", "a.b", "", "x".repeat(64)])("student %j is not a DNS-1123 label", (student) => {
      expect(() => synthFleet({}, [[student]])).toThrow(
        new Error(`${PREFIX}student must be a DNS-1123 label (1-63 lowercase letters, digits or "-", starting and ending with a letter or digit), got "${student}"`),
      );
    });

    test("a student added twice", () => {
      expect(() => synthFleet({}, [["alice"], ["bob"], ["alice"]])).toThrow(new Error(`${PREFIX}student must be added once, got "alice" twice`));
    });

    test.each(["alice", `arn:aws:iam::${ACCOUNT}:root`, `arn:aws:iam::12345:user/alice`, `arn:aws:iam::${ACCOUNT}:user/`])("principalArn %j is rejected on the student's workstation", (principalArn) => {
      expect(() => synthFleet({}, [["alice", { principalArn }]])).toThrow(
        new Error(`LabWorkstation test/labs/alice: principalArn must be a literal IAM user or role ARN (arn:aws:iam::<account>:user/<name> or :role/<name>), got "${principalArn}"`),
      );
    });

    test("valid edge values are accepted", () => {
      expect(() => synthFleet({ rootVolumeGiB: 8, instanceType: "m7i-flex.large", dailyStop: { time: "00:00", timezone: "UTC" } }, [["a"], ["x".repeat(63)], ["0-9"]])).not.toThrow();
    });
  });
});
