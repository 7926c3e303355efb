import tseslint from 'typescript-eslint';

const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

// ARCHITECTURE.md, "Folders and the direction of imports", stays true: app → lib → {engine, db}; engine and db import neither.
export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '.next/**',
      '.next-dev-test/**',
      '.atelier/**',
      'uploads/**',
      'next-env.d.ts',
      'test-results/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    files: ['engine/**/*.ts'],
    rules: restrict(
      [
        '**/app/**',
        '**/lib/**',
        '**/db/**',
        '@/app/**',
        '@/lib/**',
        '@/db/**',
        'next',
        'next/**',
        'react',
      ],
      'engine/ imports nothing from app, lib or db',
    ),
  },
  {
    files: ['db/**/*.ts'],
    rules: restrict(
      ['**/app/**', '**/lib/**', '**/engine/**', '@/app/**', '@/lib/**', '@/engine/**'],
      'db/ imports nothing from app, lib or engine',
    ),
  },
  {
    files: ['lib/**/*.ts'],
    rules: restrict(
      ['**/app/**', '@/app/**'],
      'lib/ is framework-free: it never imports from app/',
    ),
  },
);
