// C2PA signing of one image with a development certificate: what the copy reads back as, that a
// changed pixel byte reads back invalid, and the sentence each misconfiguration fails with.
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { readEnv } from '@/lib/config/env';
import { configuredC2paSigner, signPng } from '@/lib/export/c2pa';
import { readC2paCredentials } from '@/lib/export/c2pa-credentials';
import { type C2paImage, TRAINED_ALGORITHMIC_MEDIA } from '@/lib/export/c2pa-manifest';
import { activeManifest, makeDevC2paCert, readC2pa } from '../../../helpers/c2pa';
import { flipInIdat, stripesPng } from '../../../helpers/png';

const cert = makeDevC2paCert();
afterAll(() => fs.rmSync(cert.dir, { recursive: true, force: true }));

const image: C2paImage = {
  title: 'Spring banner',
  conversationId: '00000000-0000-4000-8000-000000000001',
  artifacts: [
    {
      artifactId: '00000000-0000-4000-8000-000000000002',
      generationId: '00000000-0000-4000-8000-000000000003',
      modelId: 'builtin',
      seed: 42,
    },
  ],
  ingredients: [
    { instanceId: 'atelier:reference:r1', title: 'copy.csv', format: 'text/csv' },
    { instanceId: 'atelier:reference:r2', title: 'brief.pdf', format: 'application/pdf' },
  ],
};
const png = () =>
  stripesPng(
    [
      { rgb: [200, 40, 40], share: 0.5 },
      { rgb: [40, 40, 200], share: 0.5 },
    ],
    512,
  );
const read = (signed: Buffer) => readC2pa(signed, cert);
const env = (vars: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  NODE_ENV: 'test',
  ...vars,
});
const paths = (certPath: string, keyPath: string) => ({ certPath, keyPath });

describe('a C2PA copy', () => {
  it('says a trained model made it, from the references, and names the generation', async () => {
    const signer = configuredC2paSigner(paths(cert.certPath, cert.keyPath))!;
    const signed = await signPng(
      signer,
      image,
      await png(),
      new Map([['atelier:reference:r1', Buffer.from('a,b\n1,2\n')]]),
    );
    const store = await read(signed);
    expect(store.validation_state).toBe('Trusted');
    const active = activeManifest(store);
    expect(active.claim_generator_info?.[0]).toMatchObject({ name: 'Atelier' });
    expect(active.title).toBe('Spring banner');
    const actions = active.assertions?.find((a) => a.label.startsWith('c2pa.actions'))?.data as {
      actions: Array<Record<string, unknown>>;
    };
    expect(actions.actions).toEqual([
      expect.objectContaining({
        action: 'c2pa.created',
        digitalSourceType: TRAINED_ALGORITHMIC_MEDIA,
      }),
    ]);
    expect(active.ingredients?.map((i) => [i.title, i.format, i.relationship])).toEqual([
      ['copy.csv', 'text/csv', 'inputTo'],
      ['brief.pdf', 'application/pdf', 'inputTo'],
    ]);
    expect(active.assertions?.find((a) => a.label === 'atelier.generation')?.data).toEqual({
      conversationId: image.conversationId,
      artifacts: image.artifacts,
    });
  });

  it('reads back invalid after a byte of its pixels changes', async () => {
    const signer = configuredC2paSigner(paths(cert.certPath, cert.keyPath))!;
    const store = await read(flipInIdat(await signPng(signer, image, await png())));
    expect(store.validation_state).toBe('Invalid');
    expect(store.validation_status?.map((s) => s.code)).toContain('assertion.dataHash.mismatch');
  });
});

describe('the C2PA configuration', () => {
  it('is off unless both variables are set, and refuses one without the other', () => {
    expect(readEnv(env()).c2pa).toBeUndefined();
    expect(
      readEnv(env({ ATELIER_C2PA_CERT: cert.certPath, ATELIER_C2PA_KEY: cert.keyPath })).c2pa,
    ).toEqual({ certPath: cert.certPath, keyPath: cert.keyPath });
    expect(() => readEnv(env({ ATELIER_C2PA_CERT: cert.certPath }))).toThrow(
      'ATELIER_C2PA_KEY: ATELIER_C2PA_CERT and ATELIER_C2PA_KEY go together: set both or neither',
    );
    expect(configuredC2paSigner(undefined)).toBeNull();
  });

  it('takes a SEC1 key as openssl ecparam writes it', () => {
    const { key } = readC2paCredentials(paths(cert.certPath, cert.sec1KeyPath));
    expect(key.toString()).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it('fails with a sentence naming the variable', async () => {
    for (const [certPath, keyPath, what] of [
      [cert.certPath, `${cert.dir}/missing.key`, 'ATELIER_C2PA_KEY cannot be read (ENOENT)'],
      [cert.keyPath, cert.keyPath, 'ATELIER_C2PA_CERT is not a PEM certificate chain'],
      [cert.certPath, cert.certPath, 'ATELIER_C2PA_KEY is not a PEM private key'],
      [
        cert.caCertPath,
        cert.caKeyPath,
        'ATELIER_C2PA_CERT starts with a CA certificate; the signing (end-entity) certificate comes first',
      ],
      [
        cert.certPath,
        cert.otherKeyPath,
        'ATELIER_C2PA_KEY is not the key of the first certificate in ATELIER_C2PA_CERT',
      ],
    ])
      expect(() => configuredC2paSigner(paths(certPath, keyPath)), what).toThrow(
        expect.objectContaining({
          name: 'AppError',
          message: `C2PA signing is misconfigured: ${what}`,
        }),
      );
    // c2pa checks the certificate's profile when it signs, and reads each copy back.
    for (const [certPath, refusal] of [
      [cert.serverAuthCertPath, 'the certificate is invalid'],
      [cert.noOrganisationCertPath, 'could not find signing certificate chain in COSE signature'],
    ]) {
      const signer = configuredC2paSigner(paths(certPath, cert.keyPath))!;
      await expect(signPng(signer, image, await png())).rejects.toMatchObject({
        name: 'AppError',
        message: expect.stringContaining(
          `C2PA signing is misconfigured: ATELIER_C2PA_CERT was refused by c2pa (${refusal}): C2PA signs with an end-entity certificate`,
        ),
      });
    }
  });
});
