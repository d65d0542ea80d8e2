import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'cdktf.out/', '.gen/', 'coverage/'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      // The provider roots load ~2,000 modules (1.4-1.9 s, ~530 MB); deep imports load what is used.
      'no-restricted-imports': ['error', {
        paths: [
          { name: '@cdktf/provider-aws', message: "import the resource by deep path: '@cdktf/provider-aws/lib/<resource>'" },
          { name: '@cdktf/provider-kubernetes', message: "import the resource by deep path: '@cdktf/provider-kubernetes/lib/<resource>'" },
        ],
        patterns: [{ regex: '^@cdktf/provider-(aws|kubernetes)/lib$', message: 'import the resource by deep path' }],
      }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
);
