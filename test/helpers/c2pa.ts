// C2PA in tests: a development certificate made with the openssl CLI in a temporary folder (a CA
// and an ES256 signing certificate it issued, plus files wrong in one way each, for the
// misconfiguration tests; nothing here is committed), and a reader that trusts that CA.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Reader } from '@contentauth/c2pa-node';

export type DevC2paCert = {
  dir: string;
  /** The CA's certificate (PEM): a reader's trust anchor. */
  caPem: string;
  /** Signing certificate then CA (PEM), and the signing key as PKCS#8. */
  certPath: string;
  keyPath: string;
  /** The signing key as SEC1 (`EC PRIVATE KEY`), as `openssl ecparam -genkey` writes it. */
  sec1KeyPath: string;
  /** The CA's own certificate and key, as if given as the signer. */
  caCertPath: string;
  caKeyPath: string;
  /** A P-256 key of no certificate here. */
  otherKeyPath: string;
  /** Issued by the CA for the signing key, with extendedKeyUsage serverAuth (c2pa refuses it). */
  serverAuthCertPath: string;
  /** Issued for the signing key to a subject without O: c2pa signs, then cannot verify it. */
  noOrganisationCertPath: string;
};

export function makeDevC2paCert(): DevC2paCert {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-c2pa-'));
  const at = (name: string) => path.join(dir, name);
  // Arguments are split on spaces: none of them holds one.
  const openssl = (args: string) =>
    execFileSync('openssl', args.split(' '), { cwd: dir, stdio: 'pipe' });
  const read = (name: string) => fs.readFileSync(at(name), 'utf8');
  const ecKey = (name: string) => {
    openssl(`ecparam -name prime256v1 -genkey -noout -out ${name}.sec1`);
    openssl(`pkcs8 -topk8 -nocrypt -in ${name}.sec1 -out ${name}.key`);
  };
  const issue = (name: string, subject: string, extensions: string[]) => {
    fs.writeFileSync(at(`${name}.ext`), `${extensions.join('\n')}\n`);
    openssl(`req -new -key leaf.key -subj ${subject} -out ${name}.csr`);
    openssl(
      `x509 -req -in ${name}.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 -sha256 -extfile ${name}.ext -out ${name}.pem`,
    );
    fs.writeFileSync(at(`${name}-chain.pem`), read(`${name}.pem`) + read('ca.pem'));
  };
  ecKey('ca');
  openssl(
    'req -x509 -new -key ca.key -sha256 -days 30 -subj /CN=Atelier-test-C2PA-CA/O=Atelier-tests -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign -out ca.pem',
  );
  ecKey('leaf');
  ecKey('other');
  const base = [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature',
    'subjectKeyIdentifier=hash',
    'authorityKeyIdentifier=keyid',
  ];
  const signer = '/CN=Atelier-test-signer/O=Atelier-tests';
  issue('leaf', signer, [...base, 'extendedKeyUsage=emailProtection']);
  issue('server', signer, [...base, 'extendedKeyUsage=serverAuth']);
  issue('unnamed', '/CN=Atelier-test-signer', [...base, 'extendedKeyUsage=emailProtection']);
  return {
    dir,
    caPem: read('ca.pem'),
    certPath: at('leaf-chain.pem'),
    keyPath: at('leaf.key'),
    sec1KeyPath: at('leaf.sec1'),
    caCertPath: at('ca.pem'),
    caKeyPath: at('ca.key'),
    otherKeyPath: at('other.key'),
    serverAuthCertPath: at('server-chain.pem'),
    noOrganisationCertPath: at('unnamed-chain.pem'),
  };
}

/** What the tests read of a manifest store (c2pa-node's types come from a package not installed). */
export type C2paStore = {
  validation_state: string;
  validation_status?: Array<{ code: string }>;
  active_manifest: string;
  manifests: Record<
    string,
    {
      title?: string;
      claim_generator_info?: Array<{ name: string; version?: string }>;
      assertions?: Array<{ label: string; data: unknown }>;
      ingredients?: Array<{
        title?: string;
        format?: string;
        relationship?: string;
        instance_id?: string;
      }>;
    }
  >;
};

/** The PNG's manifest store as a reader that trusts the development CA sees it (`Trusted`). */
export async function readC2pa(png: Buffer, cert: DevC2paCert): Promise<C2paStore> {
  const reader = await Reader.fromAsset(
    { buffer: png, mimeType: 'image/png' },
    { trust: { trust_anchors: cert.caPem }, verify: { verify_trust: true } },
  );
  if (!reader) throw new Error('the PNG holds no C2PA manifest');
  return reader.json() as C2paStore;
}

/** The manifest that store names as active. */
export const activeManifest = (store: C2paStore) => store.manifests[store.active_manifest];
