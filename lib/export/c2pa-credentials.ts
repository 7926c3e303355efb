// The certificate chain and key named by ATELIER_C2PA_CERT and ATELIER_C2PA_KEY, checked before an
// export reads anything: a mistake there fails the export with a sentence naming the variable.
import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import { AppError } from '../errors';

export type C2paPaths = { certPath: string; keyPath: string };

/** PEM: the chain as given (signing certificate first), the key as PKCS#8. */
export type C2paCredentials = { certChain: Buffer; key: Buffer };

export const c2paMisconfigured = (variable: string, what: string) =>
  new AppError('internal', `C2PA signing is misconfigured: ${variable} ${what}`);

function readPem(file: string, variable: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw c2paMisconfigured(variable, `cannot be read (${(err as NodeJS.ErrnoException).code})`);
  }
}

function parsed<T>(make: () => T, variable: string, what: string): T {
  try {
    return make();
  } catch {
    throw c2paMisconfigured(variable, what);
  }
}

export function readC2paCredentials(paths: C2paPaths): C2paCredentials {
  const chain = readPem(paths.certPath, 'ATELIER_C2PA_CERT');
  const leaf = parsed(
    () => new X509Certificate(chain),
    'ATELIER_C2PA_CERT',
    'is not a PEM certificate chain',
  );
  const keyPem = readPem(paths.keyPath, 'ATELIER_C2PA_KEY');
  const key: KeyObject = parsed(
    () => createPrivateKey(keyPem),
    'ATELIER_C2PA_KEY',
    'is not a PEM private key',
  );
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
    throw c2paMisconfigured('ATELIER_C2PA_KEY', 'is not an ES256 key (EC, curve P-256)');
  if (leaf.ca)
    throw c2paMisconfigured(
      'ATELIER_C2PA_CERT',
      'starts with a CA certificate; the signing (end-entity) certificate comes first',
    );
  // A key that does not match signs without complaint, and every copy reads back invalid.
  if (!leaf.checkPrivateKey(key))
    throw c2paMisconfigured(
      'ATELIER_C2PA_KEY',
      'is not the key of the first certificate in ATELIER_C2PA_CERT',
    );
  if (Date.parse(leaf.validTo) < Date.now())
    throw c2paMisconfigured('ATELIER_C2PA_CERT', `expired on ${leaf.validTo}`);
  // c2pa-node reads PKCS#8 only; `openssl ecparam -genkey` writes SEC1 ("EC PRIVATE KEY").
  const pkcs8 = key.export({ format: 'pem', type: 'pkcs8' });
  return { certChain: Buffer.from(chain), key: Buffer.from(pkcs8) };
}
