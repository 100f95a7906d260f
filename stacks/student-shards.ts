import type { CohortConfig, StudentConfig } from "../config/cohort-schema";
import { rendezvousIndex } from "../constructs/core/rendezvous";

/**
 * The `<cohort>-students-N` shard (1-based) a student belongs to: rendezvous hashing of the name
 * over the configured shard count. Only the name and the count decide, so adding or removing a
 * student never moves anyone else, and raising the count moves only the students who then rank a
 * new shard highest (about 1 in count+1).
 */
export function studentShardOf(studentName: string, shardCount: number): number {
  return rendezvousIndex(studentName, shardCount) + 1;
}

/** Every shard number `1..workloads.shards` with its students (a shard may be empty), in roster order. */
export function studentShards(cohort: Pick<CohortConfig, "students" | "workloads">): Map<number, StudentConfig[]> {
  const shards = new Map<number, StudentConfig[]>();
  for (let shard = 1; shard <= cohort.workloads.shards; shard++) shards.set(shard, []);
  for (const student of cohort.students) shards.get(studentShardOf(student.name, cohort.workloads.shards))!.push(student);
  return shards;
}
