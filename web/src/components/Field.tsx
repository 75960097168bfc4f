import type { ComponentChildren } from 'preact';

// A labelled form control with an optional hint and the server's message for this field.
export function Field(props: { id: string; label: string; hint?: string; error?: string; children: ComponentChildren; required?: boolean }) {
  return (
    <div class={`field${props.error ? ' has-error' : ''}`}>
      <label for={props.id}>{props.label}{props.required ? <span aria-hidden="true"> *</span> : null}</label>
      {props.hint ? <p class="hint" id={`${props.id}-hint`}>{props.hint}</p> : null}
      {props.children}
      {props.error ? <p class="field-error" id={`${props.id}-error`} role="alert">{props.error}</p> : null}
    </div>
  );
}

// aria-describedby for the control inside a Field.
export function describedBy(id: string, hint?: boolean, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}
