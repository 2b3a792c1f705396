import { type Profile, ProfileSchema } from "../model/profile";
import { type Bucket, readJson } from "./bucket";
import { profileKey } from "./layout";

/** The source's profile, or undefined when it has none; one that is not a profile throws StoredDocumentError. */
export function loadProfile(bucket: Bucket, source: string): Promise<Profile | undefined> {
  return readJson(bucket, profileKey(source), ProfileSchema);
}
