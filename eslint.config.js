// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'data',
      'dist',
      'apps/dist',
      'coverage',
      'test-results',
      'src/platform/db/schema.ts',
      'packages/client/schema.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Fastify plugins and handlers are async by contract, with or without an await inside.
      '@typescript-eslint/require-await': 'off',
      eqeqeq: ['error', 'always'],
      curly: ['error', 'all'],
    },
  },
  {
    // Use-case files hold rules and calls; SQL that writes lives in the module's repo (*.repo.ts),
    // typed with Kysely Insertable/Updateable — no untyped bags, no casts to never (issue 10).
    files: [
      'src/modules/orders/**/*.ts',
      'src/modules/payments/*.ts',
      'src/modules/floor/*.ts',
      'src/modules/kitchen/*.ts',
      'src/flows/sale*.ts',
    ],
    ignores: [
      '**/*.repo.ts',
      '**/*.test.ts',
      '**/*.test-support.ts',
      // The pricing engine is pure (no SQL); its validator reads untyped input on purpose.
      'src/modules/orders/pricing/**',
      // Stores of their own: gateway accounts (sealed secrets) and the poller's SKIP LOCKED claims.
      'src/modules/payments/gateway-accounts.ts',
      'src/modules/payments/status-poller.ts',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.property.name=/^(insertInto|updateTable|deleteFrom|mergeInto|replaceInto)$/]',
          message: 'Writes belong in the module repo (*.repo.ts): call a typed repo function here.',
        },
        {
          selector:
            "TaggedTemplateExpression[tag.name='sql'] TemplateElement[value.raw=/\\b(insert|update|delete)\\s/i]",
          message: 'Writes belong in the module repo (*.repo.ts): call a typed repo function here.',
        },
        {
          selector: "TSAsExpression[typeAnnotation.type='TSNeverKeyword']",
          message: 'No `as never`: type the row with Kysely Insertable/Updateable.',
        },
        {
          selector: "TSTypeReference[typeName.name='Record']:has(TSStringKeyword):has(TSUnknownKeyword)",
          message:
            'No Record<string, unknown> bags: use the typed row (Insertable/Updateable) or a named type.',
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts', '**/*.test-support.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
);
