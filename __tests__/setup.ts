// Registers cdktf's jest matchers (toHaveResourceWithProperties, ...); the adapter import gives tsc their types.
import "cdktf/lib/testing/adapters/jest";
import { Testing } from "cdktf";

Testing.setupJest();
