// DICOM Segmentation (binary, one segment, one frame) of a mask drawn on an image that came in
// as DICOM: it references the source instance (and frame) by UID, carries the pixel spacing, and
// is written with dcmjs as an explicit-VR little-endian Part 10 file.
import { dcmjs } from "../dicom/dcmjs";
import type { DicomSourceInfo } from "@clickloop/db";

const SEG_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.66.4";
const EXPLICIT_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";
const IMPLEMENTATION_CLASS_UID = "2.25.302713614151402113284936548377960950512";

/** 1 bit per pixel, least significant bit first (PS3.5 §8.1.1). */
export function packBits(mask: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(mask.length / 8));
  for (let i = 0; i < mask.length; i++) if (mask[i]) out[i >> 3]! |= 1 << (i & 7);
  return out;
}

export function unpackBits(packed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (packed[i >> 3]! >> (i & 7)) & 1;
  return out;
}

/** Patient/study attributes copied from the source so viewers file the SEG with its image (already de-identified at import if asked). */
const COPIED = ["PatientName", "PatientID", "PatientBirthDate", "PatientSex", "StudyDate", "StudyTime", "StudyID", "AccessionNumber", "ReferringPhysicianName", "StudyDescription"];

export interface DicomSegInput {
  mask: Uint8Array;
  width: number;
  height: number;
  source: DicomSourceInfo;
  pixelSpacing: [number, number] | null;
  segmentLabel: string;
  seriesDescription: string;
}

export function writeDicomSeg(input: DicomSegInput): Buffer {
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const src = input.source;
  const sopInstanceUid = DicomMetaDictionary.uid();
  const copied = Object.fromEntries(COPIED.map((k) => [k, src.attributes[k] ?? ""]));
  const dataset: Record<string, unknown> = {
    ...copied,
    SOPClassUID: SEG_SOP_CLASS,
    SOPInstanceUID: sopInstanceUid,
    StudyInstanceUID: src.studyInstanceUid,
    SeriesInstanceUID: DicomMetaDictionary.uid(),
    FrameOfReferenceUID: src.frameOfReferenceUid ?? DicomMetaDictionary.uid(),
    Modality: "SEG",
    SeriesNumber: "900",
    InstanceNumber: "1",
    SeriesDescription: input.seriesDescription.slice(0, 64),
    Manufacturer: "ClickLoop",
    ManufacturerModelName: "ClickLoop",
    DeviceSerialNumber: "1",
    SoftwareVersions: "1",
    ContentLabel: "SEGMENTATION",
    ContentDescription: input.segmentLabel.slice(0, 64),
    ContentCreatorName: "",
    ContentDate: DicomMetaDictionary.date(),
    ContentTime: DicomMetaDictionary.time(),
    ImageType: ["DERIVED", "PRIMARY"],
    Rows: input.height,
    Columns: input.width,
    NumberOfFrames: "1",
    SamplesPerPixel: 1,
    PhotometricInterpretation: "MONOCHROME2",
    BitsAllocated: 1,
    BitsStored: 1,
    HighBit: 0,
    PixelRepresentation: 0,
    LossyImageCompression: "00",
    SegmentationType: "BINARY",
    DimensionOrganizationSequence: [{ DimensionOrganizationUID: DicomMetaDictionary.uid() }],
    SegmentSequence: [
      {
        SegmentNumber: 1,
        SegmentLabel: input.segmentLabel.slice(0, 64),
        SegmentAlgorithmType: "SEMIAUTOMATIC",
        SegmentAlgorithmName: "ClickLoop interactive segmentation",
        SegmentedPropertyCategoryCodeSequence: [{ CodeValue: "49755003", CodingSchemeDesignator: "SCT", CodeMeaning: "Morphologically Altered Structure" }],
        SegmentedPropertyTypeCodeSequence: [{ CodeValue: "4147007", CodingSchemeDesignator: "SCT", CodeMeaning: "Mass" }],
      },
    ],
    SharedFunctionalGroupsSequence: [
      input.pixelSpacing ? { PixelMeasuresSequence: [{ PixelSpacing: input.pixelSpacing, SliceThickness: 1 }] } : {},
    ],
    PerFrameFunctionalGroupsSequence: [
      {
        FrameContentSequence: [{ DimensionIndexValues: [1] }],
        SegmentIdentificationSequence: [{ ReferencedSegmentNumber: 1 }],
        DerivationImageSequence: [
          {
            SourceImageSequence: [
              {
                ReferencedSOPClassUID: src.sopClassUid,
                ReferencedSOPInstanceUID: src.sopInstanceUid,
                ...(src.numberOfFrames > 1 ? { ReferencedFrameNumber: src.frameNumber } : {}),
                PurposeOfReferenceCodeSequence: [{ CodeValue: "121322", CodingSchemeDesignator: "DCM", CodeMeaning: "Source image for image processing operation" }],
              },
            ],
            DerivationCodeSequence: [{ CodeValue: "113076", CodingSchemeDesignator: "DCM", CodeMeaning: "Segmentation" }],
          },
        ],
      },
    ],
    ReferencedSeriesSequence: [
      {
        SeriesInstanceUID: src.seriesInstanceUid,
        ReferencedInstanceSequence: [{ ReferencedSOPClassUID: src.sopClassUid, ReferencedSOPInstanceUID: src.sopInstanceUid }],
      },
    ],
    PixelData: [packBits(input.mask).buffer],
    _vrMap: { PixelData: "OB" },
  };
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: SEG_SOP_CLASS,
    MediaStorageSOPInstanceUID: sopInstanceUid,
    TransferSyntaxUID: EXPLICIT_LITTLE_ENDIAN,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: "CLICKLOOP",
  };
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return Buffer.from(dict.write());
}
