import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, sourceKey } from '../config/source-files';

/** The workflows' TypeScript source: the worker bundles it, also when it runs from the compiled engine. */
export const WORKFLOWS_PATH = path.join(PROJECT_ROOT, 'workflows', 'index.ts');

/**
 * The code version of the workflow bundle: a hash of every source file it is built from (the
 * workflows and the domain code they import; everything else they import is the SDK) and of the
 * SDK's version, which the bundle also contains.
 */
export function workflowBundleKey(): string {
  const sdk = (JSON.parse(readFileSync(require.resolve('@temporalio/workflow/package.json'), 'utf8')) as { version: string }).version;
  return sourceKey(['workflows', 'domain'], [`@temporalio/workflow ${sdk}`]);
}

/**
 * Bundles the workflows in a process of its own: webpack and its compilers leave ~100 MB of
 * native memory behind in the process that runs them (a worker thread's is not given back
 * either), which the engine would otherwise hold from its first start on (BENCH-NOTES.md,
 * session 9). The child needs no TypeScript loader: the SDK's bundler reads the sources itself.
 */
function bundleInChildProcess(): Promise<string> {
  const source = `const [sdk, workflowsPath] = process.argv.slice(1);
require(sdk).bundleWorkflowCode({ workflowsPath }).then(({ code }) => process.send(code, () => process.exit(0)), (error) => { console.error(error); process.exit(1); });`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', source, require.resolve('@temporalio/worker'), WORKFLOWS_PATH], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let code: string | undefined;
    child.once('message', (message: string) => {
      code = message;
      resolve(message);
    });
    child.once('error', reject);
    // The message is read before the channel closes: a channel closed without one is a failed bundle.
    child.once('disconnect', () => code ?? reject(new Error('bundling the workflows failed (see the lines above)')));
    child.once('exit', (exitCode) => (exitCode === 0 ? undefined : reject(new Error(`bundling the workflows failed (exit code ${exitCode})`))));
  });
}

/**
 * The workflow bundle, built once per code version and kept in `cacheDir`: bundling takes
 * seconds at every start otherwise. Written to a temporary name and renamed, so a concurrent
 * start or a crash never leaves half a bundle. When the folder cannot be written, the bundle is
 * built and used without being kept.
 */
export async function cachedWorkflowBundle(cacheDir: string, log?: (message: string) => void): Promise<{ code: string }> {
  const file = path.join(cacheDir, `workflows-${workflowBundleKey()}.js`);
  try {
    return { code: readFileSync(file, 'utf8') };
  } catch {
    // not built for this version yet
  }
  const code = await bundleInChildProcess();
  try {
    mkdirSync(cacheDir, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, code);
    renameSync(temporary, file);
    // Bundles of earlier code versions are of no further use.
    for (const name of readdirSync(cacheDir)) {
      if (/^workflows-[0-9a-f]+\.js$/.test(name) && path.join(cacheDir, name) !== file) rmSync(path.join(cacheDir, name), { force: true });
    }
  } catch (error) {
    log?.(`workflow bundle not kept in ${cacheDir}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { code };
}

/** The engine's bundle, kept under its data folder. */
export function engineWorkflowBundle(dataDir: string, log?: (message: string) => void): Promise<{ code: string }> {
  return cachedWorkflowBundle(path.join(dataDir, 'workflow-bundles'), log);
}
