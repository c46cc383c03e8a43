// Import boundaries between the layers of Parallax (docs/pipeline.md, "Code rules"). Run by `npm run lint`.
/** Known crossings, each a burn-down item: move the shared code to src/core (or a shared folder), then delete it here. */
const KNOWN_CROSSINGS = [
  // events reads quote speakers through claims/voice.ts, which reads claims' speech-verb list (claims/data):
  // both belong with the quote regions (core/voice.ts and the quotes analyzer's cue verbs).
  '^src/analyzers/events/index\\.ts$',
];

/** Tests check layers together (a server test drives the CLI, a seed test runs the comparison): the rules are for code. */
const TESTS = '\\.test\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-is-the-bottom',
      severity: 'error',
      comment: 'src/core is read by everyone and reads none of the layers above it.',
      from: { path: '^src/core/', pathNot: TESTS },
      to: { path: '^src/(analyzers|storage|cli|server|services|compare|report|export|ingest)/' },
    },
    {
      name: 'analyzers-meet-in-core',
      severity: 'error',
      comment:
        'An analyzer imports core, its own folder, the shared nlp folder, and another analyzer only through its index.ts (its product types); never its internals.',
      from: { path: '^src/analyzers/([^/]+)/', pathNot: [...KNOWN_CROSSINGS, TESTS] },
      to: { path: '^src/analyzers/([^/]+)/', pathNot: ['^src/analyzers/$1/', '^src/analyzers/nlp/', '^src/analyzers/[^/]+/index\\.ts$'] },
    },
    {
      name: 'analyzers-stay-analyzers',
      severity: 'error',
      comment: 'Analyzers do not reach into storage, the CLI, the server or the comparison.',
      from: { path: '^src/analyzers/', pathNot: TESTS },
      to: { path: '^src/(storage|cli|server|services|compare|report)/' },
    },
    {
      name: 'server-not-cli',
      severity: 'error',
      comment: 'The server does not import the CLI; what both need lives in services or core.',
      from: { path: '^src/server/', pathNot: TESTS },
      to: { path: '^src/cli/' },
    },
    {
      name: 'storage-not-analysis',
      severity: 'error',
      comment: 'Storage keeps findings; it does not import analyzers or the comparison.',
      from: { path: '^src/storage/', pathNot: TESTS },
      to: { path: '^src/(analyzers|compare)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|node_modules)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
