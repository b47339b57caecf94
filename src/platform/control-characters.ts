/**
 * Control characters (C0, and DEL) in text people send. Written as a loop rather than a regular
 * expression so the intent reads plainly and no lint rule needs switching off.
 */
export function hasControlCharacter(text: string, options: { allowLineBreaksAndTabs: boolean }): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code > 0x1f && code !== 0x7f) continue;
    if (options.allowLineBreaksAndTabs && (code === 0x09 || code === 0x0a || code === 0x0d)) continue;
    return true;
  }
  return false;
}
