import type { FieldErrors } from './validate';

/** A field's refusal, under it; the field points at it with `aria-describedby`. */
export function FieldError({ name, errors }: { name: keyof FieldErrors; errors: FieldErrors }) {
  return errors[name] ? <small id={`${name}-error`} class="error">{errors[name]}</small> : null;
}
