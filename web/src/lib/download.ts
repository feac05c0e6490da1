/** Saves a downloaded file under a clear name (a PDF opened in a tab would inherit the
 * dashboard's `object-src 'none'`, which stops the browser's PDF viewer). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
