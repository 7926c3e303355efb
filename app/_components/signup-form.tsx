'use client';

import { useSearchParams } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { ApiError } from '../_lib/api';
import { useAuthSubmit } from '../_lib/use-auth-submit';
import { AuthCard } from './auth-card';
import { Button } from './button';
import { CredentialFields, NO_CREDENTIALS } from './credential-fields';
import { Field, TextInput } from './form-field';
import { InlineError } from './inline-error';

export function SignUpForm() {
  const params = useSearchParams();
  const inviteToken = params.get('invite') ?? '';
  const [name, setName] = useState('');
  const [cred, setCred] = useState(NO_CREDENTIALS);
  const [setupToken, setSetupToken] = useState(params.get('setup') ?? '');
  const [needsSetup, setNeedsSetup] = useState(Boolean(params.get('setup')));
  const { error, busy, submit } = useAuthSubmit('/api/auth/signup');

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const body: Record<string, string> = {
      email: cred.email.trim(),
      name: name.trim(),
      password: cred.password,
    };
    if (inviteToken) body.inviteToken = inviteToken;
    if (setupToken.trim()) body.setupToken = setupToken.trim();
    void submit(body, (err) => {
      if (err instanceof ApiError && err.status === 403 && /setup token/i.test(err.message))
        setNeedsSetup(true);
    });
  }

  return (
    <AuthCard
      title="Create your account"
      subtitle={
        inviteToken
          ? 'You were invited to a workspace. Create an account to join it.'
          : 'Start turning briefs into images.'
      }
      other={{ question: 'Already have an account?', href: '/signin', label: 'Sign in' }}
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
        <CredentialFields form="signup" value={cred} onChange={setCred} />
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
