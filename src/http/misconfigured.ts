import { requiredSetting, SettingError, type SettingName, type SettingValues, type Settings } from "../settings";
import { HttpError } from "./errors";

/**
 * What `read` makes of the settings, or a 503 naming the variable and the values it takes when
 * one it needs cannot be used (the operator must fix it; the request itself was fine).
 */
export function configured<T>(service: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof SettingError)) throw error;
    throw new HttpError(503, "Service Unavailable", `${service} is misconfigured: ${error.message}.`);
  }
}

/** A setting a route cannot serve without: its value, or the 503 of `configured`. */
export function settingFor<K extends SettingName>(settings: Settings, name: K, service: string): SettingValues[K] {
  return configured(service, () => requiredSetting(settings, name));
}
