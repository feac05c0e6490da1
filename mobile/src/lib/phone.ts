/** Burkina Faso numbers: 8 digits, optional +226 / 00226, spaces allowed (as the server checks). */
const PHONE = /^(?:\+226|00226)?(\d{8})$/;

export function isBurkinaPhone(text: string): boolean {
  return PHONE.test(text.replace(/[\s.-]/g, ''));
}

/** The form the server keeps (`+226XXXXXXXX`), so that a synced order compares equal. */
export function normalizePhone(text: string): string {
  const match = PHONE.exec(text.replace(/[\s.-]/g, ''));
  return match ? `+226${match[1]}` : text.trim();
}

/** "+22670123456" → "70 12 34 56" for reading aloud. */
export function displayPhone(phone: string): string {
  const match = PHONE.exec(phone);
  return match ? match[1]!.replace(/(\d{2})(?=\d)/g, '$1 ') : phone;
}
