'use client';

import { useId } from 'react';
import { SHORTCUTS } from '../_lib/shortcuts';
import { SideDrawer } from './side-drawer';

const keyName = (key: string) => (key === 'Escape' ? 'Esc' : key);

/** The help sheet: every keyboard shortcut and where it applies. */
export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  const titleId = useId();
  return (
    <SideDrawer
      titleId={titleId}
      testId="shortcuts-help"
      closeTestId="shortcuts-close"
      width="max-w-md"
      placement="center"
      onClose={onClose}
      header={
        <h2 id={titleId} className="flex-1 text-base font-semibold text-neutral-900">
          Keyboard shortcuts
        </h2>
      }
    >
      <div className="px-4 pt-2 pb-4">
        <table className="w-full text-sm">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.key} className="border-b border-neutral-100 last:border-0">
                <td className="py-2 pr-3">
                  <kbd className="rounded border border-neutral-300 bg-neutral-50 px-1.5 py-0.5 font-mono text-xs text-neutral-800">
                    {keyName(s.key)}
                  </kbd>
                </td>
                <td className="py-2 text-neutral-800">{s.label}</td>
                <td className="py-2 pl-3 text-right text-xs text-neutral-500">{s.where}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="mt-3 text-xs text-neutral-500">
          Single keys work when no text field has the focus; Esc stops a reply from anywhere.
        </p>
      </div>
    </SideDrawer>
  );
}
