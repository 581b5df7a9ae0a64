/** A form's error, announced to screen readers when it appears. */
export function FormError({ message }: { message: string | undefined }) {
  return (
    <p className="form-error" role="alert" aria-live="assertive">
      {message ?? ""}
    </p>
  );
}
