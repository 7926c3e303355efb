'use client';

import { type FormEvent, useState } from 'react';
import { useAuthSubmit } from '../_lib/use-auth-submit';
import { AuthCard } from './auth-card';
import { Button } from './button';
import { CredentialFields, NO_CREDENTIALS } from './credential-fields';
import { InlineError } from './inline-error';

export function SignInForm() {
  const [cred, setCred] = useState(NO_CREDENTIALS);
  const { error, busy, submit } = useAuthSubmit('/api/auth/signin');

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    void submit({ email: cred.email.trim(), password: cred.password });
  }

  return (
    <AuthCard
      title="Sign in"
      subtitle="Welcome back to your workspace."
      other={{ question: 'No account yet?', href: '/signup', label: 'Create one' }}
    >
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <CredentialFields form="signin" value={cred} onChange={setCred} />
        <InlineError message={error} testId="signin-error" />
        <Button data-testid="signin-submit" type="submit" className="w-full" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>
    </AuthCard>
  );
}
