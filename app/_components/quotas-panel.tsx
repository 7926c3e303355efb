'use client';

import { type FormEvent, useState } from 'react';
import type { QuotaKind, QuotaSettings } from '@/lib/quotas/settings';
import { Button } from './button';
import { Field, TextInput } from './form-field';
import { InlineError } from './inline-error';

const KINDS: Array<[QuotaKind, string]> = [
  ['turns', 'Chat turns'],
  ['generations', 'Image generations'],
  ['searches', 'Web searches'],
  ['uploads', 'Uploads'],
];

type Props = { quotas: QuotaSettings; save: (next: QuotaSettings) => Promise<string | null> };

/** Per-person and per-workspace limits; the server checks every number again. */
export function QuotasPanel({ quotas, save }: Props) {
  const [form, setForm] = useState(quotas);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const num = (e: { target: { value: string } }) => Number(e.target.value);
  const setLimit =
    (kind: QuotaKind, key: 'perUser' | 'perWorkspace' | 'windowMinutes') =>
    (e: { target: { value: string } }) =>
      setForm((f) => ({ ...f, [kind]: { ...f[kind], [key]: num(e) } }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setNotice(null);
    const err = await save(form);
    setBusy(false);
    if (err) setError(err);
    else setNotice('Limits saved.');
  }

  return (
    <form onSubmit={(e) => void submit(e)} className="space-y-4" data-testid="quotas-form">
      <table className="w-full text-sm">
        <thead>
          <tr className="text-left text-neutral-500">
            <th className="py-1 font-medium">Requests</th>
            <th className="py-1 font-medium">Per person</th>
            <th className="py-1 font-medium">Per workspace</th>
            <th className="py-1 font-medium">Window (minutes)</th>
          </tr>
        </thead>
        <tbody>
          {KINDS.map(([kind, label]) => (
            <tr key={kind}>
              <td className="py-1 pr-3 text-neutral-700">{label}</td>
              {(['perUser', 'perWorkspace', 'windowMinutes'] as const).map((key) => (
                <td key={key} className="py-1 pr-3">
                  <TextInput
                    type="number"
                    min={1}
                    aria-label={`${label}: ${key}`}
                    data-testid={`quota-${kind}-${key}`}
                    value={form[kind][key]}
                    onChange={setLimit(kind, key)}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Largest generation" hint="Megapixel-steps: steps × pixels × images.">
          <TextInput
            type="number"
            min={1}
            value={form.maxGenerationMegapixelSteps}
            onChange={(e) => setForm((f) => ({ ...f, maxGenerationMegapixelSteps: num(e) }))}
          />
        </Field>
        <Field label="Previews at once" hint="Page images and thumbnails per person.">
          <TextInput
            type="number"
            min={1}
            value={form.renders.perUserConcurrent}
            onChange={(e) =>
              setForm((f) => ({ ...f, renders: { ...f.renders, perUserConcurrent: num(e) } }))
            }
          />
        </Field>
        <Field label="Previews a minute" hint="Drawn for one person (cached ones are free).">
          <TextInput
            type="number"
            min={1}
            value={form.renders.perUserPerMinute}
            onChange={(e) =>
              setForm((f) => ({ ...f, renders: { ...f.renders, perUserPerMinute: num(e) } }))
            }
          />
        </Field>
      </div>
      <InlineError message={error} testId="quotas-error" />
      {notice ? <p className="text-sm text-emerald-700">{notice}</p> : null}
      <Button data-testid="quotas-save" type="submit" disabled={busy}>
        {busy ? 'Saving…' : 'Save limits'}
      </Button>
    </form>
  );
}
