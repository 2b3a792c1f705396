import { type SettingName, type SettingValues, type Settings } from "../settings";
import { HttpError } from "./errors";

/**
 * A setting a route cannot serve without: its value, or a 503 naming the variable and the
 * values it takes (the operator must fix it; the request itself was fine).
 */
export function settingFor<K extends SettingName>(settings: Settings, name: K, service: string): SettingValues[K] {
  const error = settings.invalid[name];
  if (error) throw misconfigured(service, error);
  return settings.values[name];
}

export function misconfigured(service: string, error: Error): HttpError {
  return new HttpError(503, "Service Unavailable", `${service} is misconfigured: ${error.message}.`);
}
