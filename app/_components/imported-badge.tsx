import { actorLabel, type ImportedFrom, shortKey } from '../_lib/packages';
import { LocalDateTime } from './local-time';

/** Where an imported conversation came from, as the package it was verified from says. */
export function ImportedBadge({ imported: i }: { imported: ImportedFrom }) {
  return (
    <div
      data-testid="imported-badge"
      className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-green-200 bg-green-50 px-4 py-2 text-xs text-green-900 sm:px-6"
    >
      <span
        className="inline-flex items-center gap-1.5 rounded-full bg-green-600 px-2 py-0.5 font-medium text-white"
        title={`Key id ${i.keyId}\nPackage SHA-256 ${i.packageSha256}`}
      >
        <span aria-hidden>✓</span>
        Verified package · signed by key {shortKey(i.keyId)}
      </span>
      <span data-testid="imported-origin">
        Exported <LocalDateTime iso={i.exportedAt} /> by {actorLabel(i.exportedBy)} from “
        {i.sourceWorkspace.name}” · imported <LocalDateTime iso={i.verifiedAt} />
      </span>
    </div>
  );
}
