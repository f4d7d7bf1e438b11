// dcmjs ships no types: the part ClickLoop uses (reading/writing Part 10 files, converting
// between tag-keyed and keyword-keyed datasets), loaded through require (its CommonJS build).
import { createRequire } from "node:module";

export type NaturalDataset = Record<string, unknown>;

export interface DicomDictInstance {
  meta: Record<string, unknown>;
  dict: Record<string, unknown>;
  write(options?: { allowInvalidVRLength?: boolean }): ArrayBuffer;
}

export interface Dcmjs {
  data: {
    DicomMessage: { readFile(buffer: ArrayBuffer, options?: { ignoreErrors?: boolean; untilTag?: string; includeUntilTagValue?: boolean }): DicomDictInstance };
    DicomDict: new (meta: Record<string, unknown>) => DicomDictInstance;
    DicomMetaDictionary: {
      naturalizeDataset(dataset: Record<string, unknown>): NaturalDataset;
      denaturalizeDataset(dataset: NaturalDataset): Record<string, unknown>;
      uid(): string;
      date(): string;
      time(): string;
      sopClassUIDsByName: Record<string, string>;
    };
  };
}

export const dcmjs = createRequire(import.meta.url)("dcmjs") as Dcmjs;
