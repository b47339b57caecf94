import { runIsolated } from '../../infra/untrusted-files/isolated.ts';
import type { ReportReading } from './report-reading.ts';

/**
 * Reading a peer challenge report, as the rest of Equalis calls it: every read runs in the
 * isolated worker within time and memory limits, so a hostile file cannot stall the server.
 */
export type { ReportReading };

export const REPORT_FORMATS = {
  '.docx': 'Word',
  '.txt': 'text',
  '.md': 'text',
  '.html': 'HTML',
  '.htm': 'HTML',
} as const;

export const MAX_REPORT_BYTES = 10 * 1024 * 1024;

const WORKER_HALF = new URL('./report-reading.ts', import.meta.url);

export function readReportFile(buffer: Buffer, fileName: string): Promise<ReportReading> {
  return runIsolated(WORKER_HALF, 'readReportInThisThread', [buffer, fileName]);
}

export function readPastedReport(text: string): Promise<ReportReading> {
  return runIsolated(WORKER_HALF, 'readPastedReportInThisThread', [text]);
}
