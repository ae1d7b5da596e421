// Flat config: ESLint 9 + typescript-eslint typed linting, plus the dependency rules of ecosystem-notes §3.3.
import { builtinModules } from 'node:module';
import path from 'node:path';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const repoRoot = import.meta.dirname;

// Everything that must never reach deterministic workflow code or the pure domain.
const nodeBuiltins = [...new Set(builtinModules.flatMap((name) => [name, `node:${name}`]))];
const forbiddenPackages = [
  '@nestjs/*',
  'pino',
  'pino-*',
  'pino/*',
  'drizzle-orm',
  'drizzle-orm/*',
  'pg',
  'pg/*',
  '@electric-sql/pglite',
  '@electric-sql/pglite/*',
  'nodemailer',
  'nodemailer/*',
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/activity',
  '@temporalio/testing',
];
const impureImports = (where) => ({
  paths: nodeBuiltins.map((name) => ({ name, message: `Node built-ins are not allowed in ${where}.` })),
  patterns: [{ group: forbiddenPackages, message: `I/O and framework packages are not allowed in ${where}.` }],
});

/**
 * Local rule: relative imports must stay inside `within` or land in one of `allow` (repo-relative folders;
 * `typeOnly` permits `import type` only); bare package imports must be listed in `packages`.
 */
const importBoundaries = {
  meta: { type: 'problem', schema: [{ type: 'object' }] },
  create(context) {
    const { within, allow = [], packages = [] } = context.options[0] ?? {};
    const insideDir = (target, dir) => {
      const rel = path.relative(path.join(repoRoot, dir), target);
      return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
    };
    const check = (node, source, typeOnly) => {
      const spec = source.value;
      if (typeof spec !== 'string') return;
      if (!spec.startsWith('.')) {
        const allowed = packages.some((p) => spec === p || spec.startsWith(`${p}/`));
        if (!allowed) context.report({ node: source, message: `${within} may not import package '${spec}'.` });
        return;
      }
      const target = path.resolve(path.dirname(context.filename), spec);
      if (insideDir(target, within)) return;
      const rule = allow.find((a) => insideDir(target, a.path));
      if (!rule) {
        context.report({ node: source, message: `${within} may not import '${spec}' (outside its allowed folders).` });
      } else if (rule.typeOnly && !typeOnly) {
        context.report({
          node: source,
          message: `${within} may import only types from '${rule.path}' (use import type).`,
        });
      }
    };
    return {
      ImportDeclaration(node) {
        const typeOnly =
          node.importKind === 'type' ||
          (node.specifiers.length > 0 && node.specifiers.every((s) => s.importKind === 'type'));
        check(node, node.source, typeOnly);
      },
      ExportNamedDeclaration(node) {
        if (node.source) check(node, node.source, node.exportKind === 'type');
      },
      ExportAllDeclaration(node) {
        check(node, node.source, node.exportKind === 'type');
      },
      ImportExpression(node) {
        if (node.source.type === 'Literal') check(node, node.source, false);
      },
    };
  },
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'apps/web/dist/**',
      'node_modules/**',
      '.tools/**',
      'data/**',
      'coverage/**',
      'libs/db/migrations/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: repoRoot },
    },
    plugins: { branchflow: { rules: { 'import-boundaries': importBoundaries } } },
    // Typed rules chosen one by one (recommendedTypeChecked as a whole flags ~150 test-code idioms).
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // warn until apps/worker/src/{smtp-sink,worker.factory}.ts and libs/db/testing.ts are fixed (eslint --fix)
      '@typescript-eslint/consistent-type-imports': [
        'warn',
        { prefer: 'type-imports', fixStyle: 'separate-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { args: 'none', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Plain JS (configs, jest globalSetup, helper scripts) runs in Node as CommonJS and is not type-checked.
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
    rules: { ...tseslint.configs.disableTypeChecked.rules, '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests stub SDK and HTTP shapes loosely.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-unsafe-function-type': 'off' },
  },
  {
    // Workflows are replayed deterministically in the SDK sandbox (ecosystem-notes §3.5).
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          ...impureImports('workflows'),
          patterns: [
            ...impureImports('workflows').patterns,
            {
              group: ['**/activities', '**/activities/*'],
              allowTypeImports: true,
              message: 'Workflows call activities through proxyActivities; import only their types.',
            },
            {
              // issue 12: a zod schema evaluated at import costs heap in every cached case
              regex:
                '^zod$|(^|/)libs/contracts(/(admission|case|election|establishment|identity|registry|step-forms|step-examples|term)\\.contract)?$',
              allowTypeImports: true,
              message:
                'Workflows import values from the zod-free contract modules (messages, temporal-names, …) and schemas from workflows/kernel/lazy-contracts.',
            },
          ],
        },
      ],
      'branchflow/import-boundaries': [
        'error',
        {
          within: 'workflows',
          allow: [{ path: 'libs/domain' }, { path: 'libs/contracts' }, { path: 'activities', typeOnly: true }],
          packages: ['@temporalio/workflow', '@temporalio/common'],
        },
      ],
    },
  },
  {
    // The domain is pure rules: no framework, no I/O, nothing outside libs/domain (ecosystem-notes §3.3, §3.4).
    files: ['libs/domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', impureImports('libs/domain')],
      'branchflow/import-boundaries': ['error', { within: 'libs/domain' }],
    },
  },
  prettier,
);
