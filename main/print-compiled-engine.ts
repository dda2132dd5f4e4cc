// `node --import tsx main/print-compiled-engine.ts`: builds the compiled entry points if this code
// version has none yet and prints their folder (scripts/run-engine.sh runs them from there).
import { compiledEngine } from './compiled-engine';

process.stdout.write(`${compiledEngine()}\n`);
