// The layers of ARCHITECTURE.md ("Layers"), checked by `npm run check:deps`, which `npm test`
// runs before vitest. Each rule says which way imports may point and why. This file sees the
// source as written, type-only imports included; .dependency-cruiser.runtime.cjs adds the
// folder-cycle rule over what loads at run time. Violations that a later step of issue #11
// removes are listed in .dependency-cruiser-known-violations.json: reported as known, while
// any new one fails.

/** Our own top-level folders, as path patterns. */
const ours = (...folders) => `^(${folders.join('|')})/`;
const ALL_OURS = [
  'activities',
  'api',
  'bench',
  'calendar',
  'config',
  'db',
  'domain',
  'mail',
  'main',
  'planning',
  'scripts',
  'services',
  'temporal',
  'test',
  'web',
  'workflows',
];
const except = (...folders) => ours(...ALL_OURS.filter((f) => !folders.includes(f)));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No file imports itself through others: shared code lives in a neutral home, not in one of its users.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'workflows-deterministic',
      severity: 'error',
      comment:
        'Workflow code is deterministic and bundled into the sandbox: it imports workflows/, domain/ and @temporalio/workflow|common only ' +
        '(no activities, database, services, API, calendar arithmetic or node built-ins; activities are imported as types, which this check does not see).',
      from: { path: '^workflows/' },
      to: {
        dependencyTypesNot: ['type-only'],
        pathNot: ['^workflows/', '^domain/', '^node_modules/@temporalio/(workflow|common)/'],
      },
    },
    {
      name: 'domain-pure',
      severity: 'error',
      comment: 'domain/ holds pure types and rules shared by every layer, workflow code included: of ours it imports only domain/.',
      from: { path: '^domain/' },
      to: { path: except('domain') },
    },
    {
      name: 'domain-no-node-builtins',
      severity: 'error',
      comment: 'domain/ is imported by workflow code, which runs in a sandbox without node built-ins.',
      from: { path: '^domain/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'pure-libraries',
      severity: 'error',
      comment: 'calendar/ and planning/ are pure arithmetic over domain/ (planning uses calendar/): no I/O layers.',
      from: { path: '^(calendar|planning)/' },
      to: { path: except('calendar', 'planning', 'domain') },
    },
    {
      name: 'calendar-below-planning',
      severity: 'error',
      comment: 'planning/ uses calendar/, not the reverse.',
      from: { path: '^calendar/' },
      to: { path: '^planning/' },
    },
    {
      name: 'config-alone',
      severity: 'error',
      comment: 'config/ reads the environment and depends on nothing of ours: every other layer is handed its settings.',
      from: { path: '^config/' },
      to: { path: except('config') },
    },
    {
      name: 'db-below-its-users',
      severity: 'error',
      comment: 'db/ (tables, repositories, migrations, connections) knows nothing of the layers that use it.',
      from: { path: '^db/' },
      to: { path: ours('activities', 'api', 'web', 'services', 'workflows', 'temporal', 'main', 'mail', 'planning', 'bench', 'test') },
    },
    {
      name: 'mail-below-its-users',
      severity: 'error',
      comment: 'mail/ sends and renders email; it is used by activities and services, and uses none of them.',
      from: { path: '^mail/' },
      to: { path: ours('activities', 'api', 'web', 'services', 'workflows', 'temporal', 'main', 'db', 'bench', 'test') },
    },
    {
      name: 'services-below-edges',
      severity: 'error',
      comment: 'services/ are shared by routes, pages and activities: they never reach up into any of them, nor into workflow code or Temporal.',
      from: { path: '^services/' },
      to: { path: ours('activities', 'api', 'web', 'workflows', 'temporal', 'main', 'bench', 'test') },
    },
    {
      name: 'activities-not-edges',
      severity: 'error',
      comment: 'Activities are side effects built by createActivities: they do not use the HTTP layer, the pages, or the wiring in main/.',
      from: { path: '^activities/' },
      to: { path: ours('api', 'web', 'main', 'bench', 'test') },
    },
    {
      name: 'activities-name-workflows-by-type',
      severity: 'error',
      comment: 'Activities start workflows by name; they may import workflow definitions as types only, never load workflow code.',
      from: { path: '^activities/' },
      to: { path: '^workflows/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'temporal-infrastructure',
      severity: 'error',
      comment: 'temporal/ is connections, the worker factory and the dev server: it knows no HTTP, pages or record.',
      from: { path: '^temporal/' },
      to: { path: ours('api', 'web', 'services', 'db', 'main', 'mail', 'bench', 'test') },
    },
    {
      name: 'api-not-web',
      severity: 'error',
      comment: 'The API does not know the pages exist; web/ uses the API (runRoute), never the reverse. main/engine.ts mounts them side by side.',
      from: { path: '^api/' },
      to: { path: ours('web', 'activities', 'main', 'temporal', 'bench', 'test') },
    },
    {
      name: 'web-over-api',
      severity: 'error',
      comment: "Pages call the API's own routes and services; they do not run activities or reach into the wiring.",
      from: { path: '^web/' },
      to: { path: ours('activities', 'main', 'temporal', 'bench', 'test') },
    },
    {
      name: 'main-wires-alone',
      severity: 'error',
      comment: 'main/ is the composition root and the entry points: only benchmarks and tests may import it, nothing in the product.',
      from: { pathNot: '^(main|bench|test)/' },
      to: { path: '^main/' },
    },
    {
      name: 'product-not-tests',
      severity: 'error',
      comment: 'The product never imports test or benchmark code.',
      from: { pathNot: '^(bench|test)/' },
      to: { path: '^(bench|test)/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve is a typo or a missing package.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|data|test-artifacts)/' },
    // Type-only imports are seen (and marked), so that a rule can tell them apart.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.mts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
