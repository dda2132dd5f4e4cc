import type PDFDocument from 'pdfkit';

export interface PdfFrame {
  /** What the document is: "Overdue report". */
  title: string;
  /** The AIMS it is about (or "All AIMS"), in every page's header. */
  aimsName: string;
  /** The instant the content is as of: in every header, and the PDF's own dates. */
  asOf: Date;
}

export type PdfDoc = InstanceType<typeof PDFDocument>;

const MARGIN = 50;

/**
 * A PDF with the frame every export shares: the title, AIMS and as-of date at the top of every
 * page and "page n of m" at the bottom, in the PDF standard fonts (Helvetica: nothing embedded,
 * so the layout cannot shift with the fonts of the machine). Its CreationDate and ModDate are the
 * as-of instant and pdfkit derives the file ID from them, so the same content gives the same bytes.
 * pdfkit is loaded at the first export, not at start: the engine need not hold it until then.
 */
export async function buildPdf(frame: PdfFrame, draw: (doc: PdfDoc) => void): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN + 30, bottom: MARGIN + 20, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: `${frame.title}: ${frame.aimsName}`, Creator: 'aims-cycles', Producer: 'aims-cycles', CreationDate: frame.asOf, ModDate: frame.asOf },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Helvetica');
  draw(doc);
  const range = doc.bufferedPageRange();
  const asOf = `as of ${frame.asOf.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing in the margins must not flow onto a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const width = doc.page.width - 2 * MARGIN;
    doc.font('Helvetica-Bold').fontSize(9).text(`${frame.title} · ${frame.aimsName}`, MARGIN, MARGIN, { width, lineBreak: false });
    doc
      .font('Helvetica')
      .fontSize(9)
      .text(asOf, MARGIN, MARGIN + 12, { width, lineBreak: false });
    doc.text(`page ${i - range.start + 1} of ${range.count}`, MARGIN, doc.page.height - MARGIN, { width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
