import type { NextConfig } from 'next';

const config: NextConfig = {
  // `npm run dev` writes under `<distDir>/dev` (Next 16), apart from the production build; a second
  // development server (the dev-server test) takes a folder of its own, since each holds a lock there.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  serverExternalPackages: [
    'drizzle-orm',
    '@electric-sql/pglite',
    'pg',
    'onnxruntime-node',
    'sharp',
    '@contentauth/c2pa-node',
  ],
  poweredByHeader: false,
  typedRoutes: false,
};

export default config;
