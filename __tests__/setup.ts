// Registers cdktf's jest matchers (toHaveResourceWithProperties, ...); the adapter import gives tsc their types.
import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";
import { recordTokenStackTraces } from "../stacks/token-stack-traces";

Testing.setupJest();
// As the cohort commands do: tokens' creation stacks are not recorded (a third of synthesis time).
recordTokenStackTraces();
