// Synthetic ultrasound DICOM written with dcmjs for the tests (no real patient data anywhere).
import { dcmjs } from "../src/services/dicom/dcmjs";

export const US_MULTIFRAME_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.3.1";

export interface SyntheticDicomOptions {
  width: number;
  height: number;
  frames: number;
  transferSyntax?: string;
}

/** Frame f is a diagonal gradient shifted by 40·f, so every frame differs. */
export function syntheticFrame(f: number, width: number, height: number): Uint8Array {
  return Uint8Array.from({ length: width * height }, (_, i) => ((i % width) + Math.floor(i / width) * 2 + 40 * f) % 256);
}

export function syntheticUltrasoundDicom(options: SyntheticDicomOptions): { bytes: Buffer; uids: { study: string; series: string; instance: string } } {
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const uids = { study: DicomMetaDictionary.uid(), series: DicomMetaDictionary.uid(), instance: DicomMetaDictionary.uid() };
  const pixels = new Uint8Array(options.width * options.height * options.frames);
  for (let f = 0; f < options.frames; f++) pixels.set(syntheticFrame(f, options.width, options.height), f * options.width * options.height);
  const dataset = {
    PatientName: "Synthetic^Phantom",
    PatientID: "PHANTOM-0001",
    PatientBirthDate: "19700101",
    InstitutionName: "Test Hospital",
    ReferringPhysicianName: "Doctor^Test",
    StudyInstanceUID: uids.study,
    SeriesInstanceUID: uids.series,
    SOPInstanceUID: uids.instance,
    SOPClassUID: US_MULTIFRAME_SOP_CLASS,
    Modality: "US",
    StudyDate: "20260101",
    Rows: options.height,
    Columns: options.width,
    NumberOfFrames: String(options.frames),
    SamplesPerPixel: 1,
    PhotometricInterpretation: "MONOCHROME2",
    BitsAllocated: 8,
    BitsStored: 8,
    HighBit: 7,
    PixelRepresentation: 0,
    SequenceOfUltrasoundRegions: [
      { RegionSpatialFormat: 1, RegionDataType: 1, PhysicalUnitsXDirection: 3, PhysicalUnitsYDirection: 3, PhysicalDeltaX: 0.012, PhysicalDeltaY: 0.015 },
    ],
    PixelData: [pixels.buffer],
    _vrMap: { PixelData: "OB" },
  };
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: US_MULTIFRAME_SOP_CLASS,
    MediaStorageSOPInstanceUID: uids.instance,
    TransferSyntaxUID: options.transferSyntax ?? "1.2.840.10008.1.2.1",
    ImplementationClassUID: "2.25.1",
  };
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return { bytes: Buffer.from(dict.write()), uids };
}
