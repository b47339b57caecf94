/** Text made safe to put in XML or HTML, inside elements and quoted attributes (server-drawn SVG). */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
