import { Field, TextInput } from './form-field';

export type Credentials = { email: string; password: string };
export const NO_CREDENTIALS: Credentials = { email: '', password: '' };

type Props = {
  /** Names the inputs (`signin-email`…) and picks the password manager's hint. */
  form: 'signin' | 'signup';
  value: Credentials;
  onChange: (value: Credentials) => void;
};

/** The email and password inputs of the sign-in and sign-up forms. */
export function CredentialFields({ form, value, onChange }: Props) {
  return (
    <>
      <Field label="Email">
        <TextInput
          data-testid={`${form}-email`}
          type="email"
          autoComplete="email"
          required
          value={value.email}
          onChange={(e) => onChange({ ...value, email: e.target.value })}
        />
      </Field>
      <Field label="Password">
        <TextInput
          data-testid={`${form}-password`}
          type="password"
          autoComplete={form === 'signin' ? 'current-password' : 'new-password'}
          required
          value={value.password}
          onChange={(e) => onChange({ ...value, password: e.target.value })}
        />
      </Field>
    </>
  );
}
