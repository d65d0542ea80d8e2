/**
 * The font the diagram names, and its advance widths, so that Graphviz boxes fit the text as it is rendered. Graphviz
 * in WebAssembly has no font files: it estimates widths from built-in Times/Helvetica/Courier tables, and a renderer
 * substituting another font (DejaVu Sans is about 10% wider than Helvetica) overflows the boxes.
 */
export const DIAGRAM_FONT = 'DejaVu Sans';

/**
 * DejaVu Sans 2.37 advance widths of the printable ASCII characters (space to tilde), in thousandths of the font
 * size, measured with resvg from the font file (/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf, Debian fonts-dejavu-core).
 */
const ADVANCE: readonly number[] = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 300, 337, 636, 636, 636, 636, 636, 636, 636,
  636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863,
  748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635,
  615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636,
  337, 636, 838,
];
/** Any other character: the width of the widest ASCII letter, so a box never comes out too narrow. */
const WIDEST = Math.max(...ADVANCE);

/** The width in points of `text` set in DIAGRAM_FONT at `fontSize` points. */
export function textWidth(text: string, fontSize: number): number {
  let thousandths = 0;
  for (const character of text) {
    const code = character.codePointAt(0)!;
    thousandths += code >= 32 && code < 127 ? ADVANCE[code - 32] : WIDEST;
  }
  return (thousandths * fontSize) / 1000;
}
