import sharp from 'sharp';
import { badRequest } from '@stationdesk/core';

/**
 * Photos taken on site (patrol findings): checked and rewritten before they are stored (ADR 015).
 *
 * - What the bytes are was already sniffed (file-type); here the image header must also parse.
 * - Image bombs: the dimensions are read from the header, without decoding, and a picture of
 *   more than MAX_PIXELS (or a side over MAX_SIDE) is refused before any pixel is decoded; the
 *   decoder is bounded by the same limit.
 * - EXIF orientation is applied to the pixels, then the image is re-encoded as JPEG with no
 *   metadata at all: GPS position, camera serial, owner name and time go (sharp writes none unless
 *   asked). A side longer than STORED_SIDE is scaled down (the phone page already sends ≤ 1600 px).
 */
export const photoLimits = {
  /** 50 megapixels: a 48 MP phone camera's full picture, never a 20,000 × 20,000 bomb. */
  maxPixels: 50_000_000,
  maxSide: 12_000,
  storedSide: 2560,
  quality: 82,
} as const;

sharp.cache(false);

export interface NormalizedPhoto {
  data: Buffer;
  width: number;
  height: number;
}

/** The picture re-encoded as a clean JPEG, or a BAD_REQUEST naming what is wrong with it. */
export async function normalizePhoto(input: Buffer): Promise<NormalizedPhoto> {
  let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw badRequest('errors.photo.unreadable');
  }
  const { width, height } = meta;
  if (!width || !height) throw badRequest('errors.photo.unreadable');
  if (width > photoLimits.maxSide || height > photoLimits.maxSide || width * height > photoLimits.maxPixels) {
    throw badRequest('errors.photo.tooManyPixels', { width, height, megapixels: photoLimits.maxPixels / 1_000_000 });
  }
  try {
    const { data, info } = await sharp(input, { limitInputPixels: photoLimits.maxPixels, failOn: 'error' })
      .rotate()
      .resize({ width: photoLimits.storedSide, height: photoLimits.storedSide, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: photoLimits.quality })
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  } catch {
    throw badRequest('errors.photo.unreadable');
  }
}
