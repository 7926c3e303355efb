'use client';

import { useCallback, useEffect, useState } from 'react';
import type { QuotaSettings } from '@/lib/quotas/settings';
import { api, errorMessage } from '../_lib/api';
import type { AdminSettings } from '../_lib/types';
import { InlineError } from './inline-error';
import { type ProviderInput, ProvidersPanel } from './providers-panel';
import { QuotasPanel } from './quotas-panel';
import { SettingsSection } from './settings-section';

/** Instance settings, for the administrator only. */
export function AdminPanel() {
  const [settings, setSettings] = useState<(AdminSettings & { quotas: QuotaSettings }) | null>(
    null,
  );
  const [error, setError] = useState<string | null>(null);
  const [toggleBusy, setToggleBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setSettings(await api<AdminSettings & { quotas: QuotaSettings }>('/api/admin/settings'));
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  async function put(body: {
    signupOpen?: boolean;
    providers?: ProviderInput[];
    quotas?: QuotaSettings;
  }): Promise<string | null> {
    try {
      await api('/api/admin/settings', { method: 'PUT', body });
      await load();
      return null;
    } catch (err) {
      return errorMessage(err);
    }
  }

  async function toggleSignup() {
    if (!settings) return;
    setToggleBusy(true);
    const err = await put({ signupOpen: !settings.signupOpen });
    setToggleBusy(false);
    setError(err);
  }

  return (
    <>
      <SettingsSection
        title="Sign-up"
        description="Whether anyone who can reach this server may create an account. Invited people can always join."
        testId="signup-section"
      >
        {settings ? (
          <label className="flex cursor-pointer items-center gap-3">
            <button
              type="button"
              role="switch"
              data-testid="signup-open-toggle"
              aria-checked={settings.signupOpen}
              disabled={toggleBusy}
              onClick={() => void toggleSignup()}
              className={`relative inline-flex h-6 w-11 shrink-0 items-center rounded-full transition-colors disabled:opacity-60 ${settings.signupOpen ? 'bg-accent-600' : 'bg-neutral-300'}`}
            >
              <span
                className={`inline-block h-5 w-5 rounded-full bg-white shadow transition-transform ${settings.signupOpen ? 'translate-x-5' : 'translate-x-0.5'}`}
              />
            </button>
            <span className="text-sm text-neutral-700">
              {settings.signupOpen ? 'Sign-up open' : 'Sign-up closed (invitation only)'}
            </span>
          </label>
        ) : !error ? (
          <p className="text-sm text-neutral-500">Loading…</p>
        ) : null}
        <InlineError
          message={error}
          testId="admin-error"
          className="mt-2"
          onRetry={settings ? undefined : () => void load()}
        />
      </SettingsSection>
      <SettingsSection
        title="Model providers"
        description="Language models the assistant can use, picked per message. Keys stay on the server."
        testId="providers-section"
      >
        {settings ? (
          <ProvidersPanel providers={settings.providers} save={(providers) => put({ providers })} />
        ) : (
          <p className="text-sm text-neutral-500">
            {error ? 'Not loaded: see the error under Sign-up.' : 'Loading…'}
          </p>
        )}
      </SettingsSection>
      <SettingsSection
        title="Limits"
        description="How many turns, generations, searches and uploads one person and one workspace may make in a window, the largest single generation, and previews drawn per person. A refusal says which limit and when it resets."
        testId="quotas-section"
      >
        {settings ? (
          <QuotasPanel quotas={settings.quotas} save={(quotas) => put({ quotas })} />
        ) : (
          <p className="text-sm text-neutral-500">
            {error ? 'Not loaded: see the error under Sign-up.' : 'Loading…'}
          </p>
        )}
      </SettingsSection>
    </>
  );
}
