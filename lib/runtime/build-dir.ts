/**
 * The folder of the production build, relative to the project: `NEXT_DIST_DIR` when set (a second
 * build beside the first, as the dev-server test keeps), else `.next`. next.config.ts reads the
 * same variable for `distDir`.
 */
export const buildDir = (): string => process.env.NEXT_DIST_DIR || '.next';
