/** The app's own French messages for form constraints, instead of the browser's (English) bubbles. */
import { useState } from "react";

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
export type FieldErrors = Partial<Record<string, string>>;

/** What is wrong with one control, in French, or null. */
export function problemOf(control: Control): string | null {
  const value = control.value.trim();
  if (control.required && !value) return control instanceof HTMLSelectElement ? "Choisissez une valeur." : "Ce champ est obligatoire.";
  if ("minLength" in control && control.minLength > 0 && value && control.value.length < control.minLength) {
    return `Au moins ${control.minLength} caractères (${control.value.length} saisis).`;
  }
  if (control.validity.typeMismatch && control.type === "email") return "Adresse e-mail invalide, par exemple nom@exemple.bf.";
  if (control.validity.badInput) return control.type === "date" ? "Date invalide." : "Valeur invalide.";
  return null;
}

function problemsOf(form: HTMLFormElement): FieldErrors {
  const problems: FieldErrors = {};
  for (const element of Array.from(form.elements)) {
    const control = element as Control;
    if (!control.name || !("validity" in control)) continue;
    const problem = problemOf(control);
    if (problem) problems[control.name] = problem;
  }
  return problems;
}

/** A form's errors by field name; `validate` shows them and focuses the first field at fault. */
export function useFieldErrors() {
  const [errors, setErrors] = useState<FieldErrors>({});
  const validate = (form: HTMLFormElement, extra: FieldErrors = {}): boolean => {
    const found = Object.fromEntries(Object.entries({ ...extra, ...problemsOf(form) }).filter(([, text]) => text));
    setErrors(found);
    const first = Array.from(form.elements).find((element) => (element as Control).name in found);
    (first as Control | undefined)?.focus();
    return Object.keys(found).length === 0;
  };
  return { errors, validate, clear: () => setErrors({}) };
}
