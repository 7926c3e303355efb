import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifestJsonSchema } from '../../../../lib/export/manifest';

describe('manifest.schema.json', () => {
  it('is the JSON Schema of the zod manifest (regenerate: node --import tsx scripts/manifest-schema.ts)', () => {
    const file = path.join(import.meta.dirname, '../../../../lib/export/manifest.schema.json');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(manifestJsonSchema());
  });
});
