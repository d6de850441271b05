/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // Golden snapshots are reviewed, never written silently: `jest --ci` fails on a missing snapshot.
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
