// NIfTI-1 single-file (.nii.gz) label images: uint8, 0/1, dimensions width × height × 1, voxel
// size from the DICOM pixel spacing where known (else 1 mm, flagged in the description).
import { gzipSync } from "node:zlib";

const HEADER_BYTES = 348;
const VOX_OFFSET = 352;
const DT_UINT8 = 2;
const NIFTI_UNITS_MM = 2;

/**
 * `mask` is row-major (row 0 at the top, as in the PNG). NIfTI's first axis runs fastest, so the
 * voxel (i, j) = (column, row) holds `mask[row * width + column]`: the bytes are copied as they are.
 */
export function writeNifti(mask: Uint8Array, width: number, height: number, spacingMm: [number, number] | null, description: string): Buffer {
  const buffer = Buffer.alloc(VOX_OFFSET + width * height);
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  view.setInt32(0, HEADER_BYTES, true); // sizeof_hdr
  view.setInt8(39, 0); // dim_info
  const dims = [3, width, height, 1, 1, 1, 1, 1];
  dims.forEach((d, i) => view.setInt16(40 + 2 * i, d, true));
  view.setInt16(70, DT_UINT8, true); // datatype
  view.setInt16(72, 8, true); // bitpix
  // pixdim[0] = qfac; pixel spacing is [row spacing (between rows, y), column spacing (x)].
  const [rowSpacing, columnSpacing] = spacingMm ?? [1, 1];
  const pixdim = [1, columnSpacing, rowSpacing, 1, 0, 0, 0, 0];
  pixdim.forEach((p, i) => view.setFloat32(76 + 4 * i, p, true));
  view.setFloat32(108, VOX_OFFSET, true); // vox_offset
  view.setFloat32(112, 1, true); // scl_slope
  view.setFloat32(116, 0, true); // scl_inter
  view.setFloat32(124, 1, true); // cal_max
  view.setUint8(123, NIFTI_UNITS_MM); // xyzt_units
  buffer.write(`${description}${spacingMm ? "" : " (spacing unknown)"}`.slice(0, 79), 148, "latin1"); // descrip[80]
  view.setInt16(252, 0, true); // qform_code: unknown orientation (2-D ultrasound)
  view.setInt16(254, 0, true); // sform_code
  buffer.write("n+1\0", 344, "latin1");
  for (let i = 0; i < width * height; i++) buffer[VOX_OFFSET + i] = mask[i] ? 1 : 0;
  return gzipSync(buffer);
}
