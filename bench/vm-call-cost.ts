// What one call into a workflow's V8 context costs, with and without the `timeout` the Temporal
// SDK passes on every such call (its `isolateExecutionTimeout`): Node starts and joins a
// watchdog thread per call that has one. `npx tsx bench/vm-call-cost.ts [calls]`.
import vm from 'node:vm';

const calls = Number(process.argv[2] ?? 20_000);
const context = vm.createContext({});
const script = new vm.Script('1 + 1');

for (const [label, options] of [
  ['no timeout', {}],
  ['timeout 5 s (the SDK default)', { timeout: 5_000 }],
  ['no timeout', {}],
  ['timeout 5 s (the SDK default)', { timeout: 5_000 }],
] as const) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) script.runInContext(context, options);
  const wallUs = ((performance.now() - t0) * 1000) / calls;
  const cpu = process.cpuUsage(cpu0);
  const cpuUs = (cpu.user + cpu.system) / calls;
  process.stdout.write(`${label.padEnd(30)} wall ${wallUs.toFixed(1).padStart(7)} µs/call   CPU ${cpuUs.toFixed(1).padStart(7)} µs/call\n`);
}
