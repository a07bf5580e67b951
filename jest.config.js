/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // middy 7 ships ESM only: let swc turn it into CommonJS like our own sources.
  transformIgnorePatterns: ['/node_modules/(?!@middy/)'],
  transform: {
    '^.+\\.(t|j)s$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2023', keepClassNames: true },
        module: { type: 'commonjs' },
      },
    ],
  },
  setupFilesAfterEnv: ['aws-sdk-client-mock-jest'],
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
