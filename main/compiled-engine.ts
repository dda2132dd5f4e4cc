// The engine's entry points compiled from TypeScript into plain JavaScript, once per code
// version, so that `npm start`, `npm run worker` and `npm run api` run without a TypeScript
// loader in the process: tsx's loader and the source maps it inlines into every module it
// compiles cost the engine ~25–30 MB of resident memory, 15–19 MB of it heap (BENCH-NOTES.md,
// session 9). One bundle per entry point; packages stay in node_modules (`require`d as usual), so
// a package that reads its own files (pdfkit's fonts, the Temporal SDK's workflow runtime) finds
// them. The workflows are not in it: the worker bundles them from their TypeScript sources.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { type BuildOptions, buildSync, version as esbuildVersion } from 'esbuild';
import { PROJECT_ROOT, sourceKey } from '../config/source-files';

export const ENGINE_ENTRIES = ['start', 'worker', 'api'] as const;
export type EngineEntry = (typeof ENGINE_ENTRIES)[number];

/** Beside other tools' caches: never committed, never copied into an image's build context. */
const CACHE_DIR = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'aims-cycles-engine');
/**
 * `scripts/run-engine.sh` runs this compiled copy of `main/find-compiled-engine.ts` first: plain
 * JavaScript, without tsx's start (~0.1 s). It only finds an existing build; anything else is left
 * to `print-compiled-engine.ts` through tsx, so a finder from an older build never builds.
 */
export const COMPILED_FINDER = path.join(CACHE_DIR, 'find-compiled-engine.js');
/** Test and benchmark code is never part of the engine. */
const NOT_ENGINE = new Set(['test', 'bench']);

const buildOptions = {
  entryPoints: [...ENGINE_ENTRIES, 'find-compiled-engine'].map((entry) => path.join(PROJECT_ROOT, 'main', `${entry}.ts`)),
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'cjs',
  // The oldest Node the package's `engines` accepts.
  target: 'node22',
  // Function and class names as in the sources (stack traces, logged errors), not as the bundle renames them.
  keepNames: true,
  // Read only under NODE_OPTIONS=--enable-source-maps (stack traces in TypeScript lines); off by default, as it costs memory.
  sourcemap: 'linked',
  logLevel: 'error',
} satisfies BuildOptions;

/** The folders the engine is built from: tsconfig.json's, less tests and benchmarks. */
function engineSourceDirs(tsconfig: string): string[] {
  const include = (JSON.parse(tsconfig) as { include: string[] }).include;
  return include.filter((entry) => !NOT_ENGINE.has(entry) && existsSync(path.join(PROJECT_ROOT, entry)) && !path.extname(entry));
}

/** The code version: every engine source file, tsconfig.json, esbuild's version and the build options. */
export function compiledEngineKey(): string {
  const tsconfig = readFileSync(path.join(PROJECT_ROOT, 'tsconfig.json'), 'utf8');
  return sourceKey(engineSourceDirs(tsconfig), [`esbuild ${esbuildVersion}`, JSON.stringify(buildOptions), tsconfig]);
}

/** The folder of this code version's build when it is there, else undefined. */
export function existingCompiledEngine(): string | undefined {
  const dir = path.join(CACHE_DIR, compiledEngineKey());
  return ENGINE_ENTRIES.every((entry) => existsSync(path.join(dir, `${entry}.js`))) ? dir : undefined;
}

/**
 * The folder holding `<entry>.js` for every entry point of this code version, built when it is
 * not there yet (about a second). Written under a temporary name and renamed, so a concurrent
 * start or a crash never leaves half a build; builds of earlier versions are removed (a running
 * engine has already read its one file).
 */
export function compiledEngine(): string {
  const existing = existingCompiledEngine();
  if (existing) return existing;
  const dir = path.join(CACHE_DIR, compiledEngineKey());
  mkdirSync(CACHE_DIR, { recursive: true });
  const temporary = `${dir}.${process.pid}.tmp`;
  rmSync(temporary, { recursive: true, force: true });
  buildSync({ ...buildOptions, outdir: temporary });
  try {
    renameSync(temporary, dir);
  } catch (error) {
    // Another start built the same version meanwhile: keep its build.
    rmSync(temporary, { recursive: true, force: true });
    if (!existsSync(dir)) throw error;
  }
  // The finder of the newest build, copied and renamed so that a start never reads half a file.
  const finderCopy = `${COMPILED_FINDER}.${process.pid}.tmp`;
  copyFileSync(path.join(dir, 'find-compiled-engine.js'), finderCopy);
  renameSync(finderCopy, COMPILED_FINDER);
  for (const name of readdirSync(CACHE_DIR)) {
    const file = path.join(CACHE_DIR, name);
    if (file !== dir && file !== COMPILED_FINDER && !name.endsWith('.tmp')) rmSync(file, { recursive: true, force: true });
  }
  return dir;
}
