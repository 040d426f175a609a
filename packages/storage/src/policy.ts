import type { DetectedFileType, FileType } from './file-types.ts';
import { fileTypes } from './file-types.ts';

/** Mirrors the check constraint on files.purpose. */
export const filePurposes = ['enterprise_document', 'import', 'export', 'attachment', 'patrol_photo'] as const;
export type FilePurpose = (typeof filePurposes)[number];

export function isFilePurpose(v: unknown): v is FilePurpose {
  return typeof v === 'string' && (filePurposes as readonly string[]).includes(v);
}

export interface FilePolicy {
  types: readonly FileType[];
  maxBytes: number;
}

export const MB = 1024 * 1024;

/** What each purpose accepts (by detected type) and how big it may be. */
export const filePolicies = {
  enterprise_document: { types: ['pdf', 'jpg', 'png', 'webp'], maxBytes: 20 * MB },
  attachment: { types: ['pdf', 'jpg', 'png', 'webp', 'docx', 'xlsx'], maxBytes: 20 * MB },
  import: { types: ['xlsx', 'csv'], maxBytes: 10 * MB },
  // Written by us, never uploaded: the bound only catches a runaway export.
  export: { types: ['xlsx', 'csv'], maxBytes: 200 * MB },
  // Taken on site: re-encoded without metadata on upload (photos.ts). The phone page shrinks them first.
  patrol_photo: { types: ['jpg', 'png', 'webp'], maxBytes: 10 * MB },
} as const satisfies Record<FilePurpose, FilePolicy>;

/** The accepted type a detection result stands for under `policy`, or null. */
export function acceptedType(policy: FilePolicy, detected: DetectedFileType | null): FileType | null {
  if (!detected) return null;
  return policy.types.find((t) => t === detected.ext && fileTypes[t] === detected.mime) ?? null;
}

/** The accepted type with this content type under `policy`, or null (for files we generate). */
export function acceptedContentType(policy: FilePolicy, contentType: string): FileType | null {
  return policy.types.find((t) => fileTypes[t] === contentType) ?? null;
}

/** "PDF/JPG/PNG" — the accepted types as users know them, for messages. */
export function describeTypes(policy: FilePolicy): string {
  return policy.types.map((t) => t.toUpperCase()).join('/');
}
