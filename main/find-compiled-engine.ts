// Run compiled (COMPILED_FINDER in main/compiled-engine.ts) by scripts/run-engine.sh before
// anything else: prints the folder of this code version's build, or exits with 3 when there is
// none, and run-engine.sh then builds it through print-compiled-engine.ts.
import { existingCompiledEngine } from './compiled-engine';

const dir = existingCompiledEngine();
if (dir) process.stdout.write(`${dir}\n`);
else process.exitCode = 3;
