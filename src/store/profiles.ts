import { type Profile, ProfileSchema } from "../model/profile";
import type { Bucket } from "./bucket";
import { profileKey } from "./layout";

/**
 * The source's profile, or undefined when it has none. A stored profile that is not one throws
 * zod's own error (or SyntaxError): ingestion fails the file with its issues, which the operator
 * fixes with PUT /admin/profiles.
 */
export async function loadProfile(bucket: Bucket, source: string): Promise<Profile | undefined> {
  const object = await bucket.get(profileKey(source));
  if (!object) return undefined;
  return ProfileSchema.parse(await object.json());
}
