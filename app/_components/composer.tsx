'use client';

import dynamic from 'next/dynamic';
import { type ClipboardEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { type AdvancedForm, countSet, type ImageModelListing } from '../_lib/image-settings';
import { pickerLabel, profileLabel } from '../_lib/models';
import type { ModelInfo, Profile } from '../_lib/types';
import type { Attachment } from '../_lib/use-attachments';
import { AttachmentTray } from './attachment-tray';
import { FilePickerInput } from './file-picker-input';

// Closed until asked for: a chunk of its own, fetched when first opened.
const AdvancedSettings = dynamic(
  () => import('./advanced-settings').then((m) => m.AdvancedSettings),
  {
    ssr: false,
  },
);

type Props = {
  models: ModelInfo[] | null;
  model: string;
  onModel: (id: string) => void;
  profile: Profile;
  onProfile: (p: Profile) => void;
  busy: boolean;
  disabled?: boolean;
  disabledReason?: string;
  onSend: (text: string) => boolean | void;
  onStop: () => void;
  attachments?: {
    items: Attachment[];
    uploading: boolean;
    onAdd: (files: File[]) => void;
    onRemove: (key: string) => void;
  };
  /** The image settings of the Advanced disclosure; a problem with them opens it. */
  advanced?: {
    listing: ImageModelListing | undefined;
    listingError?: string;
    form: AdvancedForm;
    onForm: (f: AdvancedForm) => void;
    error: string | null;
  };
};

const PROFILE_CHOICES: Array<{ profile: Profile; title: string }> = [
  { profile: 'draft', title: 'Fast draft render' },
  { profile: 'hd', title: 'More steps, hires pass, upscaler, exact typography' },
  {
    profile: 'diagnostics',
    title: 'The same request under other schedulers and step counts, with scores',
  },
];

export function Composer({
  models,
  model,
  onModel,
  profile,
  onProfile,
  busy,
  disabled,
  disabledReason,
  onSend,
  onStop,
  attachments,
  advanced,
}: Props) {
  const [text, setText] = useState('');
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const advancedId = useId();
  const advancedError = advanced?.error ?? null;
  useEffect(() => {
    if (advancedError) setAdvancedOpen(true);
  }, [advancedError]);
  const setCount = advanced ? countSet(advanced.form) : 0;
  const ref = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const uploading = attachments?.uploading ?? false;

  function send() {
    const value = text.trim();
    if (!value || busy || disabled || uploading) return;
    if (onSend(value) === false) return;
    setText('');
    ref.current?.focus();
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    }
  }

  // Pasted files (a screenshot, a file copied in the file manager) attach; pasted text stays text.
  function onPaste(e: ClipboardEvent<HTMLTextAreaElement>) {
    const files = [...e.clipboardData.files];
    if (!files.length || !attachments) return;
    e.preventDefault();
    attachments.onAdd(files);
  }

  const seg = (active: boolean) =>
    `px-2.5 py-1 text-xs font-medium transition-colors ${active ? 'bg-white text-neutral-900 shadow-sm ring-1 ring-neutral-200' : 'text-neutral-600 hover:text-neutral-900'} rounded-md`;

  return (
    <div className="rounded-2xl border border-neutral-300 bg-white shadow-sm focus-within:border-accent-400 focus-within:ring-2 focus-within:ring-accent-100">
      {attachments ? (
        <AttachmentTray items={attachments.items} onRemove={attachments.onRemove} />
      ) : null}
      <textarea
        ref={ref}
        data-testid="composer-input"
        aria-label="Message"
        placeholder={
          disabled
            ? (disabledReason ?? 'You cannot send messages here')
            : 'Describe the asset you need…  (Enter to send, Shift+Enter for a new line)'
        }
        value={text}
        disabled={disabled}
        rows={Math.min(8, Math.max(2, text.split('\n').length))}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        onPaste={onPaste}
        className="block w-full resize-none rounded-t-2xl bg-transparent px-4 pt-3 pb-1 text-[15px] leading-relaxed placeholder:text-neutral-400 focus:outline-none disabled:cursor-not-allowed"
      />
      {advanced && advancedOpen ? (
        <AdvancedSettings
          id={advancedId}
          listing={advanced.listing}
          listingError={advanced.listingError}
          profile={profile}
          form={advanced.form}
          onForm={advanced.onForm}
          error={advanced.error}
          disabled={disabled}
        />
      ) : null}
      <div className="flex flex-wrap items-center gap-2 px-3 pt-1 pb-2.5">
        {attachments ? (
          <>
            <button
              type="button"
              data-testid="attach-button"
              disabled={disabled}
              onClick={() => picker.current?.click()}
              title="Attach a PDF brief, a CSV of copy or a PNG (or drop files here, or paste them)"
              aria-label="Attach files"
              className="inline-flex h-7 w-7 items-center justify-center rounded-md text-neutral-500 hover:bg-neutral-100 hover:text-neutral-800 disabled:cursor-not-allowed disabled:opacity-50"
            >
              <svg
                viewBox="0 0 20 20"
                fill="none"
                stroke="currentColor"
                strokeWidth="1.6"
                className="h-4 w-4"
                aria-hidden
              >
                <path
                  d="M13.5 6.5 7.8 12.2a1.6 1.6 0 0 0 2.3 2.3l6-6a3.2 3.2 0 0 0-4.6-4.6l-6.2 6.2a4.8 4.8 0 0 0 6.8 6.8l5.2-5.2"
                  strokeLinecap="round"
                  strokeLinejoin="round"
                />
              </svg>
            </button>
            <FilePickerInput inputRef={picker} onFiles={attachments.onAdd} testId="attach-input" />
          </>
        ) : null}
        <label className="min-w-0">
          <span className="sr-only">Model</span>
          <select
            data-testid="model-picker"
            value={model}
            disabled={!models || disabled}
            onChange={(e) => onModel(e.target.value)}
            className="max-w-[14rem] truncate rounded-md border border-neutral-200 bg-neutral-50 px-2 py-1 text-xs text-neutral-700 focus:border-accent-400 focus:outline-none"
          >
            {!models ? <option value="">Loading models…</option> : null}
            {models && models.length === 0 ? <option value="">No models</option> : null}
            {models?.map((m) => (
              <option key={m.id} value={m.id}>
                {pickerLabel(m)}
              </option>
            ))}
          </select>
        </label>
        <div
          role="group"
          aria-label="Image quality"
          className="flex items-center gap-0.5 rounded-lg bg-neutral-100 p-0.5"
        >
          {PROFILE_CHOICES.map((c) => (
            <button
              key={c.profile}
              type="button"
              data-testid={`profile-${c.profile}`}
              aria-pressed={profile === c.profile}
              className={seg(profile === c.profile)}
              onClick={() => onProfile(c.profile)}
              title={c.title}
            >
              {profileLabel(c.profile)}
            </button>
          ))}
        </div>
        {advanced ? (
          <button
            type="button"
            data-testid="advanced-toggle"
            aria-expanded={advancedOpen}
            aria-controls={advancedOpen ? advancedId : undefined}
            onClick={() => setAdvancedOpen(!advancedOpen)}
            title="Image model, seed, size, steps and guidance"
            className="inline-flex items-center gap-1 rounded-md px-2 py-1 text-xs font-medium text-neutral-600 hover:bg-neutral-100 hover:text-neutral-900"
          >
            <svg
              viewBox="0 0 20 20"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.8"
              className={`h-3 w-3 transition-transform ${advancedOpen ? 'rotate-90' : ''}`}
              aria-hidden
            >
              <path d="m7 4 6 6-6 6" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
            Advanced
            {setCount ? (
              <span
                data-testid="advanced-count"
                className="rounded-full bg-accent-100 px-1.5 text-[11px] font-semibold text-accent-800"
              >
                <span className="sr-only">, settings fixed: </span>
                {setCount}
              </span>
            ) : null}
          </button>
        ) : null}
        <div className="ml-auto">
          {busy ? (
            <button
              type="button"
              data-testid="composer-stop"
              onClick={onStop}
              className="inline-flex items-center gap-1.5 rounded-lg bg-neutral-800 px-3.5 py-1.5 text-sm font-medium text-white hover:bg-neutral-900"
            >
              <span className="inline-block h-2.5 w-2.5 rounded-[2px] bg-white" aria-hidden /> Stop
            </button>
          ) : (
            <button
              type="button"
              data-testid="composer-send"
              onClick={send}
              disabled={disabled || uploading || !text.trim()}
              title={uploading ? 'Waiting for the files to finish uploading' : undefined}
              className="rounded-lg bg-accent-600 px-3.5 py-1.5 text-sm font-medium text-white hover:bg-accent-700 disabled:cursor-not-allowed disabled:bg-accent-300"
            >
              Send
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
