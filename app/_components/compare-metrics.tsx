import { type GalleryImage, paramRows, scoreRows } from '../_lib/gallery';
import { profileLabel } from '../_lib/models';

/** Each fact of either image in one row, the two values side by side; a difference is marked. */
export function CompareMetrics({ left, right }: { left: GalleryImage; right: GalleryImage }) {
  const rows = (i: GalleryImage) =>
    new Map([...paramRows(i), ...scoreRows(i)].map((r) => [r.label, r.value]));
  const a = rows(left);
  const b = rows(right);
  const labels = [...new Set([...a.keys(), ...b.keys()])];
  return (
    <table className="w-full text-xs" data-testid="compare-metrics">
      <thead>
        <tr className="text-left text-neutral-500">
          <th scope="col" className="py-1 pr-2 font-medium">
            <span className="sr-only">Fact</span>
          </th>
          <th scope="col" className="py-1 pr-2 font-semibold text-neutral-800">
            {profileLabel(left.profile)}
          </th>
          <th scope="col" className="py-1 font-semibold text-neutral-800">
            {profileLabel(right.profile)}
          </th>
        </tr>
      </thead>
      <tbody>
        {labels.map((l) => {
          const differ = a.get(l) !== b.get(l);
          return (
            <tr
              key={l}
              className="border-t border-neutral-100 align-top"
              data-differ={differ || undefined}
            >
              <th scope="row" className="py-1 pr-2 text-left font-normal text-neutral-500">
                {l}
              </th>
              <td
                className={`py-1 pr-2 break-words ${differ ? 'font-medium text-neutral-900' : 'text-neutral-600'}`}
              >
                {a.get(l) ?? '—'}
              </td>
              <td
                className={`py-1 break-words ${differ ? 'font-medium text-neutral-900' : 'text-neutral-600'}`}
              >
                {b.get(l) ?? '—'}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
