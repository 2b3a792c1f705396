import { type Profile, ProfileSchema } from "../model/profile";
import type { Bucket } from "../store/bucket";

export const profileKey = (source: string) => `config/profiles/${source}.json`;

export async function loadProfile(bucket: Bucket, source: string): Promise<Profile | undefined> {
  const object = await bucket.get(profileKey(source));
  if (!object) return undefined;
  return ProfileSchema.parse(await object.json());
}
