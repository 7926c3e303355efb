'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { ApiError, api, errorMessage } from '../_lib/api';
import type { User } from '../_lib/types';
import { AppLink } from './app-link';
import { AuthCard } from './auth-card';
import { Button } from './button';
import { Field, TextInput } from './form-field';
import { InlineError } from './inline-error';

export function SignUpForm() {
  const router = useRouter();
  const params = useSearchParams();
  const inviteToken = params.get('invite') ?? '';
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [setupToken, setSetupToken] = useState(params.get('setup') ?? '');
  const [needsSetup, setNeedsSetup] = useState(Boolean(params.get('setup')));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body: Record<string, string> = { email: email.trim(), name: name.trim(), password };
    if (inviteToken) body.inviteToken = inviteToken;
    if (setupToken.trim()) body.setupToken = setupToken.trim();
    try {
      await api<{ user: User }>('/api/auth/signup', { method: 'POST', body });
      router.replace('/c');
      router.refresh();
    } catch (err) {
      if (err instanceof ApiError && err.status === 403 && /setup token/i.test(err.message))
        setNeedsSetup(true);
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <AuthCard
      title="Create your account"
      subtitle={
        inviteToken
          ? 'You were invited to a workspace. Create an account to join it.'
          : 'Start turning briefs into images.'
      }
      footer={
        <>
          Already have an account?{' '}
          <AppLink href="/signin" className="font-medium text-accent-700 hover:underline">
            Sign in
          </AppLink>
        </>
      }
    >
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <Field label="Name">
          <TextInput
            data-testid="signup-name"
            autoComplete="name"
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
        <Field label="Email">
          <TextInput
            data-testid="signup-email"
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </Field>
        <Field label="Password">
          <TextInput
            data-testid="signup-password"
            type="password"
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Field>
        {needsSetup ? (
          <Field
            label="Setup token"
            hint="The first account needs the setup token printed by the server when it started."
          >
            <TextInput
              data-testid="signup-setup-token"
              autoComplete="off"
              spellCheck={false}
              value={setupToken}
              onChange={(e) => setSetupToken(e.target.value)}
            />
          </Field>
        ) : null}
        <InlineError message={error} testId="signup-error" />
        <Button data-testid="signup-submit" type="submit" className="w-full" disabled={busy}>
          {busy ? 'Creating account…' : 'Create account'}
        </Button>
      </form>
    </AuthCard>
  );
}
