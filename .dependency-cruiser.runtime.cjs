// Folder cycles over what loads at run time: the rules of .dependency-cruiser.cjs read the
// source with its type-only imports, but dependency-cruiser keeps no import kinds per folder, so
// this pass drops type-only imports before it looks for folder cycles. Workflows name their
// activities by type (`import type { Activities }`, as Temporal prescribes) and activities name
// workflow inputs by type: neither loads the other, so that is no cycle.
const base = require('./.dependency-cruiser.cjs');

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular-folders',
      severity: 'error',
      comment: 'No folder loads itself through another (api → web → api was the last one: main/engine.ts mounts both side by side).',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
  ],
  options: { ...base.options, tsPreCompilationDeps: false },
};
