// Two projects. `unit`: the library's own tests, in-process (the `npm run test:unit` loop, well under 30 s on 2 cores).
// `tools`: the tests that run a tool we did not write over our output or our build (kube-apiserver + etcd + kubectl,
// checkov + kubernetes-validate, promtool, the TypeScript compiler over the README's samples, `tsc` + `node` for the CLI,
// `npm pack` + `npm install` for the package, jsii-pacmak + pip + python3 for the Python package, jsii-pacmak + go for the
// Go module, jsii-pacmak + Maven + java for the Java package). `npm test` (`jest --ci`) runs both.
//
// ts-jest transpiles each file alone (tsconfig.json sets `isolatedModules`), without type-checking: `npm run typecheck`
// (`tsc --noEmit`, in .ci/run before `npm test`) and ESLint's type-aware rules check the types, once, for every file.
const TOOL_TESTS = ['apiserver', 'linters', 'alerts-promtool', 'readme-samples', 'cli', 'package', 'python', 'go', 'java'];

/** @type {import('jest').Config} */
const common = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // Golden snapshots are reviewed, never written silently: `jest --ci` fails on a missing snapshot.
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};

/** @type {import('jest').Config} */
module.exports = {
  // Jest's default is one worker fewer than the cores: one worker, i.e. a serial run, on the 2-core CI machine.
  maxWorkers: '100%',
  // Property tests take a few seconds on an idle 2-core machine; jest's 5 s default failed them when the machine was busy.
  // A global option: jest ignores testTimeout inside a project's config, so it is set here, once for both projects.
  testTimeout: 30_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      // A negated testMatch, not testPathIgnorePatterns: a --testPathIgnorePatterns on the command line replaces the latter,
      // and would run the tool tests in both projects.
      testMatch: ['**/*.test.ts', ...TOOL_TESTS.map((name) => `!**/test/${name}.test.ts`)],
    },
    {
      ...common,
      displayName: 'tools',
      testMatch: TOOL_TESTS.map((name) => `**/test/${name}.test.ts`),
    },
  ],
};
