/** A fresh temporary path beside `file`, in the same directory so the rename stays atomic. */
export function tmpBeside(file: string): string;
