'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { api, errorMessage } from '../_lib/api';
import type { User } from '../_lib/types';
import { AppLink } from './app-link';
import { AuthCard } from './auth-card';
import { Button } from './button';
import { Field, TextInput } from './form-field';
import { InlineError } from './inline-error';

export function SignInForm() {
  const router = useRouter();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api<{ user: User }>('/api/auth/signin', {
        method: 'POST',
        body: { email: email.trim(), password },
      });
      router.replace('/c');
      router.refresh();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <AuthCard
      title="Sign in"
      subtitle="Welcome back to your workspace."
      footer={
        <>
          No account yet?{' '}
          <AppLink href="/signup" className="font-medium text-accent-700 hover:underline">
            Create one
          </AppLink>
        </>
      }
    >
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <Field label="Email">
          <TextInput
            data-testid="signin-email"
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </Field>
        <Field label="Password">
          <TextInput
            data-testid="signin-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Field>
        <InlineError message={error} testId="signin-error" />
        <Button data-testid="signin-submit" type="submit" className="w-full" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>
    </AuthCard>
  );
}
