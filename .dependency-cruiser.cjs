/**
 * The arrows that must not exist in rollcall's house (README, "Layout"): the model at the bottom,
 * a core that knows no directory, targets that know only the model and shared utilities, and the
 * CLI on top, the one place (with the target factory) that reaches a target. One rule per
 * forbidden arrow; `npm run depcheck` fails on any of them, and CI runs it.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'model-stands-alone',
      comment: 'model/ is the bottom floor: it imports nothing of rollcall but util/ and errors.ts.',
      severity: 'error',
      from: { path: '^src/model/' },
      to: { path: '^src/', pathNot: ['^src/(model|util)/', '^src/errors\\.ts$'] },
    },
    {
      name: 'util-stands-alone',
      comment: 'util/ holds shared helpers (canonical JSON, digests, templates): it imports nothing of rollcall but errors.ts.',
      severity: 'error',
      from: { path: '^src/util/' },
      to: { path: '^src/', pathNot: ['^src/util/', '^src/errors\\.ts$'] },
    },
    {
      name: 'core-knows-no-target',
      comment: 'Nothing but the CLI and the target factory imports a target: rules, plan, guardrails, render, engine, apply, notify, explain and the rest speak the model.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/cli/', '^src/targets/'] },
      to: { path: '^src/targets/' },
    },
    {
      name: 'target-knows-no-core',
      comment: 'A target imports the model, config types, shared utilities (util, io, pacing, emulator-kit) and errors.ts, never the engine, the plan, apply, the rules or the CLI.',
      severity: 'error',
      from: { path: '^src/targets/' },
      to: { path: '^src/(engine|plan|apply|approval|rules|guardrails|render|notify|explain|sources|cli)/' },
    },
    {
      name: 'targets-apart',
      comment: 'A target never imports another target (nor the factory that chooses between them).',
      severity: 'error',
      from: { path: '^src/targets/([^/]+)/' },
      to: { path: '^src/targets/', pathNot: '^src/targets/$1/' },
    },
    {
      name: 'cli-on-top',
      comment: 'Only the CLI prints and exits: nothing imports it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'sources-below-rules',
      comment: 'PowerSchool sources hand rows to the rules; they never reach up into rules, plan, engine or render.',
      severity: 'error',
      from: { path: '^src/sources/' },
      to: { path: '^src/(rules|plan|guardrails|render|engine|apply|approval|notify|explain)/' },
    },
    {
      name: 'no-circular',
      comment: 'Modules form no cycle (type-only imports included): each concept can be read on its own.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['\\.schema\\.validator\\.ts$', '^src/build/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
