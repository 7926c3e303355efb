'use client';

import { type FormEvent, useState } from 'react';
import type { ProviderPublic } from '../_lib/types';
import { Button } from './button';
import { Field, TextInput } from './form-field';
import { InlineError } from './inline-error';

export type ProviderInput = {
  id: string;
  name: string;
  baseURL: string;
  apiKey?: string;
  models: string[];
};

/** Stored providers travel back without a key, which keeps the stored key while the base URL stays the same. */
const withoutKey = (p: ProviderPublic): ProviderInput => ({
  id: p.id,
  name: p.name,
  baseURL: p.baseURL,
  models: p.models,
});

type Props = {
  providers: ProviderPublic[];
  save: (next: ProviderInput[]) => Promise<string | null>;
};

export function ProvidersPanel({ providers, save }: Props) {
  const [form, setForm] = useState({ id: '', name: '', baseURL: '', apiKey: '', models: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const id = form.id.trim();
    const entry: ProviderInput = {
      id,
      name: form.name.trim(),
      baseURL: form.baseURL.trim(),
      models: form.models
        .split(',')
        .map((m) => m.trim())
        .filter(Boolean),
    };
    if (form.apiKey) entry.apiKey = form.apiKey;
    const replacing = providers.some((p) => p.id === id);
    const next = replacing
      ? providers.map((p) => (p.id === id ? entry : withoutKey(p)))
      : [...providers.map(withoutKey), entry];
    setBusy(true);
    setError(null);
    setNotice(null);
    const err = await save(next);
    setBusy(false);
    if (err) setError(err);
    else {
      setForm({ id: '', name: '', baseURL: '', apiKey: '', models: '' });
      setNotice(replacing ? `Updated provider “${id}”.` : `Added provider “${id}”.`);
    }
  }

  async function remove(id: string) {
    setBusy(true);
    setError(null);
    setNotice(null);
    const err = await save(providers.filter((p) => p.id !== id).map(withoutKey));
    setBusy(false);
    if (err) setError(err);
  }

  function edit(p: ProviderPublic) {
    setForm({
      id: p.id,
      name: p.name,
      baseURL: p.baseURL,
      apiKey: '',
      models: p.models.join(', '),
    });
    setNotice(null);
  }

  return (
    <div className="space-y-5">
      {providers.length === 0 ? (
        <p className="text-sm text-neutral-500">
          No providers yet. The offline composer is always available.
        </p>
      ) : (
        <ul
          data-testid="providers-list"
          className="divide-y divide-neutral-100 rounded-lg border border-neutral-200"
        >
          {providers.map((p) => (
            <li
              key={p.id}
              data-testid="provider"
              data-id={p.id}
              className="flex flex-wrap items-start gap-3 px-3 py-2.5 text-sm"
            >
              <div className="min-w-0 flex-1">
                <div className="font-medium text-neutral-800">
                  {p.name}{' '}
                  <span className="font-mono text-xs font-normal text-neutral-400">{p.id}</span>
                </div>
                <div className="truncate font-mono text-xs text-neutral-500">{p.baseURL}</div>
                <div className="mt-1 text-xs text-neutral-600">
                  Models: {p.models.join(', ') || '—'}
                </div>
              </div>
              <span
                data-testid="provider-key"
                className={`rounded-full px-2 py-0.5 text-xs ${p.hasKey ? 'bg-emerald-50 text-emerald-700' : 'bg-neutral-100 text-neutral-500'}`}
              >
                {p.hasKey ? 'key set' : 'no key'}
              </span>
              <div className="flex gap-1">
                <Button variant="ghost" size="sm" onClick={() => edit(p)} disabled={busy}>
                  Edit
                </Button>
                <Button
                  variant="ghost"
                  size="sm"
                  data-testid="provider-remove"
                  onClick={() => void remove(p.id)}
                  disabled={busy}
                >
                  Remove
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}

      <form
        onSubmit={submit}
        className="space-y-3 rounded-lg border border-neutral-200 p-4"
        autoComplete="off"
      >
        <h3 className="text-sm font-medium text-neutral-800">Add or update a provider</h3>
        <p className="text-xs text-neutral-500">
          Any OpenAI-compatible endpoint: Ollama, vLLM, llama.cpp, LM Studio or a hosted service.
          Using an existing id updates that provider.
        </p>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Id" hint="Lowercase letters, digits and dashes">
            <TextInput
              data-testid="provider-id"
              required
              value={form.id}
              onChange={set('id')}
              placeholder="ollama"
            />
          </Field>
          <Field label="Name">
            <TextInput
              data-testid="provider-name"
              required
              value={form.name}
              onChange={set('name')}
              placeholder="Local Ollama"
            />
          </Field>
          <Field label="Base URL">
            <TextInput
              data-testid="provider-baseurl"
              required
              type="url"
              value={form.baseURL}
              onChange={set('baseURL')}
              placeholder="http://127.0.0.1:11434/v1"
            />
          </Field>
          <Field
            label="API key"
            hint="Never shown again. Leave empty to keep the stored key (for the same base URL only)."
          >
            <TextInput
              data-testid="provider-apikey"
              type="password"
              autoComplete="new-password"
              value={form.apiKey}
              onChange={set('apiKey')}
            />
          </Field>
        </div>
        <Field label="Models" hint="Comma-separated model names">
          <TextInput
            data-testid="provider-models"
            required
            value={form.models}
            onChange={set('models')}
            placeholder="llama3.1:8b, qwen2.5:7b"
          />
        </Field>
        <InlineError message={error} testId="provider-error" />
        {notice ? <p className="text-sm text-emerald-700">{notice}</p> : null}
        <Button data-testid="provider-save" type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save provider'}
        </Button>
      </form>
    </div>
  );
}
