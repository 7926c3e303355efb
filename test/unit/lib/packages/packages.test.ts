import { describe, expect, it } from 'vitest';
import { packageFilename } from '../../../../lib/packages/download';
import { IdMap } from '../../../../lib/packages/id-map';

const A = '0b5e2c1a-8f3d-4e6b-9a7c-1d2e3f4a5b6c';
const B = '7c6d5e4f-3a2b-4c1d-8e9f-0a1b2c3d4e5f';

describe('IdMap', () => {
  it('gives every uuid one fresh id wherever it appears: values, keys, URLs, any case', () => {
    const ids = new IdMap();
    const out = ids.remap({
      artifactId: A,
      url: `/api/artifacts/${A}`,
      [B]: { list: [A.toUpperCase(), 'no id here', 42, null] },
    });
    const a = ids.id(A);
    expect(a).not.toBe(A);
    expect(out).toEqual({
      artifactId: a,
      url: `/api/artifacts/${a}`,
      [ids.id(B)]: { list: [a, 'no id here', 42, null] },
    });
    expect(new IdMap().id(A)).not.toBe(a);
  });

  it('leaves sha256 digests and other hex alone', () => {
    const sha = 'ab'.repeat(32);
    expect(new IdMap().remap({ sha256: sha, seed: 4_294_967_295 })).toEqual({
      sha256: sha,
      seed: 4_294_967_295,
    });
  });
});

describe('packageFilename', () => {
  const at = '2026-12-02T05:40:00.000Z';
  it('is atelier-<ascii slug>-<date>.zip', () => {
    expect(
      packageFilename({ conversation: { title: 'Café “Spring” — HD!' }, exportedAt: at } as never),
    ).toBe('atelier-cafe-spring-hd-2026-12-02.zip');
  });
  it('falls back to "conversation" for a title with nothing ASCII in it, and caps the slug', () => {
    expect(
      packageFilename({ conversation: { title: '春のセール' }, exportedAt: at } as never),
    ).toBe('atelier-conversation-2026-12-02.zip');
    const long = packageFilename({
      conversation: { title: 'x'.repeat(200) },
      exportedAt: at,
    } as never);
    expect(long).toBe(`atelier-${'x'.repeat(48)}-2026-12-02.zip`);
  });
});
