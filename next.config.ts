import type { NextConfig } from 'next';

const config: NextConfig = {
  serverExternalPackages: [
    'drizzle-orm',
    '@electric-sql/pglite',
    'pg',
    'onnxruntime-node',
    'sharp',
  ],
  poweredByHeader: false,
  typedRoutes: false,
};

export default config;
