// Writes lib/export/manifest.schema.json from the zod schema (a unit test fails when they differ).
import { writeFileSync } from 'node:fs';
import { manifestJsonSchema } from '../lib/export/manifest';

writeFileSync(
  new URL('../lib/export/manifest.schema.json', import.meta.url),
  `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`,
);
