// The publish package's fixed names. A package is one zip; its entries are written in this order,
// so equal content gives equal bytes.

export const PACKAGE_FORMAT = 'atelier-package/1';

export const FILES = {
  manifest: 'manifest.json',
  transcriptMd: 'transcript.md',
  transcriptJson: 'transcript.json',
  generations: 'generations.json',
  audit: 'audit.jsonl',
  sums: 'SHA256SUMS',
  signature: 'SHA256SUMS.sig',
} as const;

export const DIRS = {
  artifacts: 'artifacts/',
  c2pa: 'c2pa/',
  references: 'references/',
  sources: 'sources/',
};

/** What SHA256SUMS.sig signs, so a signature cannot be lifted onto another kind of document. */
export const SIGNATURE_CONTEXT = 'atelier-package-signature/1\n';
