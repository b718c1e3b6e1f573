/** Form pieces shared by the pages: labelled fields, error and notice boxes. */
import type { Child } from "hono/jsx";

export interface FieldProps {
  label: string;
  name: string;
  type?: "text" | "email" | "password" | "number" | "date";
  value?: string;
  autocomplete?: string;
  required?: boolean;
  hint?: string;
  inputmode?: "numeric" | "decimal" | "text";
  autofocus?: boolean;
  min?: number;
  max?: number;
  maxlength?: number;
  readonly?: boolean;
  step?: string;
  spellcheck?: boolean;
  /** Marks the field as the one a refused submission was about. */
  invalid?: boolean;
}

export function Field({ label, name, type = "text", value, autocomplete, required, hint, inputmode, autofocus, min, max, maxlength, readonly, step, spellcheck, invalid }: FieldProps) {
  const hintId = hint ? `${name}-hint` : undefined;
  return (
    <div class="field">
      <label for={name}>{label}</label>
      <input
        id={name}
        name={name}
        type={type}
        value={value}
        autocomplete={autocomplete}
        required={required}
        inputmode={inputmode}
        autofocus={autofocus}
        min={min}
        max={max}
        maxlength={maxlength}
        readonly={readonly}
        step={step}
        spellcheck={spellcheck}
        aria-invalid={invalid ? "true" : undefined}
        aria-describedby={hintId}
      />
      {hint && (
        <small id={hintId} class="hint">
          {hint}
        </small>
      )}
    </div>
  );
}

/** Errors of a form submission, announced to screen readers. */
export function FormError({ message }: { message?: string }) {
  return message ? (
    <div class="form-error" role="alert">
      {message}
    </div>
  ) : null;
}

export function Notice({ children }: { children?: Child }) {
  return (
    <div class="notice" role="status">
      {children}
    </div>
  );
}

/** A link shown once (invitation, password reset), in a read-only field that is easy to copy. */
export function OneTimeLink({ label, url }: { label: string; url: string }) {
  return (
    <div class="notice one-time-link" role="status">
      <p>{label}</p>
      <input type="text" readonly value={url} aria-label={label} class="copy" />
    </div>
  );
}

/** A narrow centred card for the sign-in pages. */
export function AuthCard({ title, children }: { title: string; children?: Child }) {
  return (
    <section class="auth-card card">
      <h1>{title}</h1>
      {children}
    </section>
  );
}

/** A row of tabs; the one for the current path is marked for screen readers and styling. */
export function Tabs({ label, current, tabs }: { label: string; current: string; tabs: readonly (readonly [href: string, text: string])[] }) {
  return (
    <nav class="tabs" aria-label={label}>
      {tabs.map(([href, text]) => (
        <a href={href} aria-current={current === href ? "page" : undefined}>
          {text}
        </a>
      ))}
    </nav>
  );
}
