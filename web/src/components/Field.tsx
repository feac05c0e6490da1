import { useId } from "react";

/** What a field passes to its control so that the label and the error message are announced. */
export type ControlProps = { id: string; "aria-invalid": boolean; "aria-describedby"?: string };

type Props = {
  label: React.ReactNode;
  error?: string;
  className?: string;
  children: (control: ControlProps) => React.ReactNode;
};

/** A labelled control with its French error message right under it. */
export function Field({ label, error, className = "", children }: Props) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className={`field ${className}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, "aria-invalid": Boolean(error), "aria-describedby": error ? errorId : undefined })}
      {error && <p id={errorId} className="text-xs font-normal text-red-700">{error}</p>}
    </div>
  );
}
