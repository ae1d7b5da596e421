// Tiers: unit (pure, fast), workflow (time-skipping Temporal server), replay (recorded histories), e2e (dev server +
// worker + API + DB), browser (the built console in Debian's Chromium against the e2e stack).
const fs = require('node:fs');
const swcConfig = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swcConfig.$schema;
const transform = { '^.+\\.ts$': ['@swc/jest', swcConfig] };
const common = { transform, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'] };

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'workflow',
      testMatch: ['<rootDir>/test/workflow/**/*.spec.ts'],
      globalSetup: '<rootDir>/test/support/require-temporal-binaries.js',
    },
    // Recorded histories replayed on the current workflow code (no server).
    { ...common, displayName: 'replay', testMatch: ['<rootDir>/test/replay/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.spec.ts'],
      globalSetup: '<rootDir>/test/support/require-temporal-binaries.js',
    },
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.spec.ts'],
      globalSetup: '<rootDir>/test/support/require-temporal-binaries.js',
    },
  ],
};
