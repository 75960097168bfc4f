// How an evidence item was obtained, from the upload form to the API's acquisition object.
import type { Acquisition, AcquisitionMethod } from '../api/types';
import { toEdtf, type FriendlyDate } from '../edtf/edtf';

export const METHODS: AcquisitionMethod[] = ['device_capture', 'handed_over', 'web_capture', 'open_source', 'other'];

export interface AcquisitionForm { method: AcquisitionMethod; acquired: FriendlyDate; country: string; device: string; url: string; captured: string }

// <input type="datetime-local"> gives "2024-05-01T10:30" (or with seconds); the form says UTC.
export function capturedToRfc3339(local: string): string {
  if (!local) return '';
  return /T\d\d:\d\d$/.test(local) ? `${local}:00Z` : `${local}Z`;
}

export function acquisitionOf(f: AcquisitionForm): Acquisition {
  const a: Acquisition = { method: f.method };
  const date = toEdtf(f.acquired);
  if (date) a.acquired_at = date;
  if (f.country) a.country = f.country;
  if (f.device.trim()) a.device = f.device.trim();
  if (f.method === 'web_capture') {
    a.url = f.url.trim();
    a.captured_at = capturedToRfc3339(f.captured);
  }
  return a;
}

